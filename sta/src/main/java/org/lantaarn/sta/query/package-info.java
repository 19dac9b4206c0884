/** The query language: the ANTLR grammar of $filter/$orderby, its evaluator, and the other query options. */
package org.lantaarn.sta.query;
