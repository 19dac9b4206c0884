/** Resource paths and the JSON of responses: what a GET addresses and how it is written, options applied. */
package org.lantaarn.sta.http;
