"""Hostile titles and names for the tests: control characters (C0, DEL, C1), bidi controls,
combining marks, line separators, mathtext and markup — the characters that break a writer
which forgets one of them."""

from hypothesis import strategies as st

# one of each kind, and the ones that broke something once
NASTY = ("\x00\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\x9f\u200b\u200e\u200f\u202a\u202e\u2066\u2069"
         "\u2028\u2029\ufeff\ufffe\uffff\u0301\u0338\u20dd\U0001d400\U0001f600$\\{}<>&\"'`%#_^~")

TITLE = st.text(st.sampled_from(NASTY) | st.characters(
    categories=("Cc", "Cf", "Mn", "Me", "Zl", "Zp", "Zs", "Lu", "Lo", "Po", "Sm")),
    min_size=1, max_size=40)

# mathtext that matplotlib would parse (and once recursed on), and text around it
MATH = st.sampled_from(["$x$", "$x^$", "$\\frac{1}$", "$" + "{" * 500 + "$", "a $b", "$$", "\\$5",
                        "$\\alpha_{i}^{2}$ and $", "}" * 50 + "$"])

# titles as written in the tests that run every output format once (no hypothesis)
SAMPLES = ("bell\x07 del\x7f csi\x9b nel\x85 end", "rtl \u202eevil\u202c \u2066x\u2069",
           "e\u0301 \u20dd a\u0338 \U0001d400 \U0001f600", "$" + "{" * 500 + "$",
           "$x^$ and $\\frac{1}$", "line\u2028sep\u2029para", "<svg>&amp;\"'</svg>",
           '"""\nimport os\n"""', "\x1b[2J\x1b]0;t\x07", "x" * 20_000)
