"""Resource limits, in one place. Input beyond a limit is reported as an error that names the file and
position, never a crash, a hang or a silent truncation. The numbers are far above anything a real pack or
census needs and far below what would exhaust memory or time.

=========================  ==========  ===========================================================
limit                      value       what it bounds
=========================  ==========  ===========================================================
MAX_YAML_BYTES             4 MiB       size of one pack, dictionary or case YAML file
MAX_YAML_DEPTH             40          nesting of YAML mappings / lists
MAX_YAML_NODES             200 000     YAML nodes after expanding aliases (stops "billion laughs")
MAX_EXPR_CHARS             10 000      characters in one condition / formula
MAX_EXPR_NODES             1 000       nodes in one parsed expression
MAX_EXPR_DEPTH             40          nesting of parentheses, ``not`` and unary minus
MAX_LITERAL_DIGITS         15          digits of a number in an expression or a target (≤ 10^15)
MAX_DECIMALS               12          decimal places of such a number (the census scale)
MAX_CELL_MAGNITUDE         10^15       a count / number / rate cell of a units table
MAX_EXACT_INT              10^36       static bound of integer arithmetic (computed in Int128)
MAX_EXACT_DECIMAL          10^25       static bound of decimal arithmetic (Decimal(38, 12))
MAX_CASE_REPEAT            10 000      ``repeat:`` of one case row
MAX_CASE_ROWS              100 000     rows of one case after expanding ``repeat:``
MAX_ECHO_CHARS             60          characters of a cell or value quoted in a message
=========================  ==========  ===========================================================
"""

from __future__ import annotations

MAX_YAML_BYTES = 4 << 20
MAX_YAML_DEPTH = 40
MAX_YAML_NODES = 200_000
MAX_EXPR_CHARS = 10_000
MAX_EXPR_NODES = 1_000
MAX_EXPR_DEPTH = 40
MAX_LITERAL_DIGITS = 15
MAX_DECIMALS = 12
MAX_CELL_MAGNITUDE = 10**15
MAX_EXACT_INT = 10**36
MAX_EXACT_DECIMAL = 10**25
MAX_CASE_REPEAT = 10_000
MAX_CASE_ROWS = 100_000
MAX_ECHO_CHARS = 60
