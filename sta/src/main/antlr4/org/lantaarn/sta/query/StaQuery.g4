/*
 * The expression language of SensorThings API 1.1 $filter and $orderby (OGC 18-088 section 9.3.3.5, the OData 4
 * subset it adopts): comparison, logical and arithmetic operators, literals (numbers, strings, booleans, null,
 * ISO-8601 instants, durations, geography WKT), property paths through navigation properties, and function calls
 * (string, date, math and geospatial functions). Keywords are case-insensitive, as FROST-Server accepts them.
 */
grammar StaQuery;

filter  : expr EOF ;
orderby : orderItem (',' orderItem)* EOF ;
orderItem : expr dir=(ASC | DESC)? ;

expr
    : '(' expr ')'                                   # parens
    | NOT expr                                       # not
    | expr op=(MUL | DIV | MOD) expr                 # multiplicative
    | expr op=(ADD | SUB) expr                       # additive
    | expr op=(EQ | NE | GT | GE | LT | LE) expr     # comparison
    | expr AND expr                                  # and
    | expr OR expr                                   # or
    | NAME '(' (expr (',' expr)*)? ')'               # call
    | literal                                        # constant
    | NAME ('/' NAME)*                               # member
    ;

literal
    : NUMBER                                         # number
    | STRING                                         # string
    | (TRUE | FALSE)                                 # bool
    | NULL                                           # nullValue
    | DATETIME                                       # dateTime
    | DATE                                           # date
    | DURATION                                       # duration
    | GEOGRAPHY                                      # geography
    ;

AND : A N D ;
OR  : O R ;
NOT : N O T ;
EQ  : E Q ;
NE  : N E ;
GT  : G T ;
GE  : G E ;
LT  : L T ;
LE  : L E ;
ADD : A D D ;
SUB : S U B ;
MUL : M U L ;
DIV : D I V ;
MOD : M O D ;
ASC : A S C ;
DESC : D E S C ;
TRUE : T R U E ;
FALSE : F A L S E ;
NULL : N U L L ;

DATETIME : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT 'T' DIGIT DIGIT ':' DIGIT DIGIT
           (':' DIGIT DIGIT ('.' DIGIT+)?)? ('Z' | ('+' | '-') DIGIT DIGIT ':' DIGIT DIGIT) ;
DATE     : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
DURATION : D U R A T I O N '\'' ~['\r\n]* '\'' ;
GEOGRAPHY : G E O G R A P H Y '\'' ~['\r\n]* '\'' ;
NUMBER   : '-'? DIGIT+ ('.' DIGIT+)? ([eE] [+-]? DIGIT+)? ;
STRING   : '\'' ( ~'\'' | '\'\'' )* '\'' ;
NAME     : [A-Za-z_@$] [A-Za-z0-9_@$]* ('.' [A-Za-z_] [A-Za-z0-9_]*)* ;
WS       : [ \t\r\n]+ -> skip ;
ERR      : . ;

fragment DIGIT : [0-9] ;
fragment A : [aA] ; fragment B : [bB] ; fragment C : [cC] ; fragment D : [dD] ; fragment E : [eE] ;
fragment F : [fF] ; fragment G : [gG] ; fragment H : [hH] ; fragment I : [iI] ; fragment L : [lL] ;
fragment M : [mM] ; fragment N : [nN] ; fragment O : [oO] ; fragment P : [pP] ; fragment R : [rR] ;
fragment Q : [qQ] ; fragment S : [sS] ; fragment T : [tT] ; fragment U : [uU] ; fragment V : [vV] ; fragment Y : [yY] ;
