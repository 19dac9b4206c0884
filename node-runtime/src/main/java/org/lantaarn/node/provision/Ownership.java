package org.lantaarn.node.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import org.lantaarn.config.pki.PkiException;

/**
 * Hands files written by provisioning to the account the node runs as: run as root on the device,
 * {@code lantaarn-node provision --out /etc/lantaarn --owner lantaarn} leaves the private key to the service user
 * {@code lantaarn} (owner and, when a group of that name exists, group; the mode stays 0600). Changing an owner
 * needs root; a user that does not exist is refused before anything is written.
 */
public final class Ownership {
    private final UserPrincipal user;
    private final GroupPrincipal group;

    private Ownership(UserPrincipal user, GroupPrincipal group) {
        this.user = user;
        this.group = group;
    }

    /** Looks the account up in {@code dir}'s file system; throws a {@link PkiException} naming it when it does not exist. */
    public static Ownership of(String account, Path dir) {
        UserPrincipalLookupService lookup = dir.toAbsolutePath().getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        try {
            user = lookup.lookupPrincipalByName(account);
        } catch (UserPrincipalNotFoundException e) {
            throw new PkiException("no such user: " + account + " (install the lantaarn-node package, which creates it)");
        } catch (IOException e) {
            throw new PkiException("cannot look up user " + account + ": " + e.getMessage(), e);
        }
        GroupPrincipal group;
        try {
            group = lookup.lookupPrincipalByGroupName(account);
        } catch (IOException e) {
            group = null; // no group of that name: only the owner changes
        }
        return new Ownership(user, group);
    }

    /** Makes the account the owner (and group) of {@code file}; its permissions are left as they are. */
    public void hand(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            throw new PkiException("cannot change the owner of " + file + " on this file system");
        }
        try {
            view.setOwner(user);
            if (group != null) {
                view.setGroup(group);
            }
        } catch (IOException e) {
            throw new PkiException("cannot give " + file + " to " + user.getName() + " (run provision as root): " + e.getMessage(), e);
        }
    }
}
