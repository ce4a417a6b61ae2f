"""LaTeX to MathML for the math peeks: the browser typesets MathML itself, so no MathJax (0.6 MB) is
downloaded, and screen readers read the formula's structure.

It knows the LaTeX the labs write (fractions, sub- and superscripts, primes, ``\\text``, Greek
letters, a few relations and spaces); anything else is an error at build time, not a garbled page.
"""

from __future__ import annotations

import html
import re

SYMBOLS = {  # command -> (MathML element, text)
    **{name: ("mi", char) for name, char in {
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "eta": "η", "theta": "θ",
        "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "omega": "ω",
        "Delta": "Δ", "Sigma": "Σ", "infty": "∞"}.items()},
    **{name: ("mo", char) for name, char in {
        "cdot": "⋅", "times": "×", "approx": "≈", "in": "∈", "to": "→", "le": "≤", "leq": "≤", "ge": "≥",
        "geq": "≥", "ne": "≠", "neq": "≠", "pm": "±", "sum": "∑", "ll": "≪", "gg": "≫"}.items()},
    **{name: ("mi", name) for name in ("max", "min", "log", "exp")},
}
OPERATORS = {"-": "−", "*": "∗"}  # as TeX sets them: a minus sign, not a hyphen
SPACES = {",": "0.1667em", ";": "0.2778em", " ": "0.25em", "quad": "1em"}
TOKEN = re.compile(r"\\([A-Za-z]+|[^A-Za-z])|(\d+(?:\.\d+)?)|(\s+)|(.)", re.S)


def to_mathml(latex: str) -> str:
    """One display formula as a ``<math display="block">`` element; raises ValueError, naming the
    formula, on LaTeX it does not know or on unbalanced braces."""
    parser = _Parser(latex)
    body = parser.sequence(until=None)
    return (f'<math display="block" alttext="{html.escape(latex)}"><mrow>{"".join(body)}</mrow></math>')


class _Parser:
    def __init__(self, latex: str):
        self.latex = latex
        self.tokens = [m for m in TOKEN.finditer(latex) if not m.group(3)]
        self.pos = 0

    def fail(self, why: str) -> ValueError:
        return ValueError(f"{why} in the formula {self.latex!r}")

    def peek(self) -> re.Match | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> re.Match:
        token = self.peek()
        if token is None:
            raise self.fail("unexpected end")
        self.pos += 1
        return token

    def sequence(self, until: str | None) -> list[str]:
        """Atoms, each with its scripts, up to ``until`` (a closing brace) or the end."""
        items: list[str] = []
        while (token := self.peek()) is not None and not (until and token.group(4) == until):
            if token.group(4) == "}":
                raise self.fail("unbalanced }")
            items.append(self.scripts(self.atom()))
        if until is not None:
            if token is None:
                raise self.fail("missing }")
            self.pos += 1
        return items

    def group(self) -> str:
        """A braced group, or the single atom after ``^``, ``_`` or a ``\\frac``."""
        token = self.peek()
        if token is not None and token.group(4) == "{":
            self.pos += 1
            return "<mrow>" + "".join(self.sequence(until="}")) + "</mrow>"
        return self.atom()

    def scripts(self, base: str) -> str:
        sub, sups = None, []
        while (token := self.peek()) is not None and token.group(4) in ("_", "^", "'"):
            self.pos += 1
            if token.group(4) == "_":
                sub = _row(self.group())
            else:
                sups.append("<mo>′</mo>" if token.group(4) == "'" else self.group())
        sup = _row(sups[0]) if len(sups) == 1 else f"<mrow>{''.join(sups)}</mrow>"
        if sub and sups:
            return f"<msubsup>{base}{sub}{sup}</msubsup>"
        if sub:
            return f"<msub>{base}{sub}</msub>"
        if sups:
            return f"<msup>{base}{sup}</msup>"
        return base

    def atom(self) -> str:
        token = self.take()
        command, number, _, char = token.groups()
        if number is not None:
            return f"<mn>{number}</mn>"
        if command is None:
            if char == "{":
                self.pos -= 1
                return self.group()
            if char in "}^_'":
                raise self.fail(f"unexpected {char}")
            if char.isalpha():
                return f"<mi>{html.escape(char)}</mi>"
            return f"<mo>{html.escape(OPERATORS.get(char, char))}</mo>"
        if command in SPACES:
            return f'<mspace width="{SPACES[command]}"></mspace>'
        if command in SYMBOLS:
            element, text = SYMBOLS[command]
            return f"<{element}>{text}</{element}>"
        if command in ("{", "}"):
            return f"<mo>{command}</mo>"
        if command == "frac":
            return f"<mfrac>{_row(self.group())}{_row(self.group())}</mfrac>"
        if command == "text":
            return f"<mtext>{html.escape(self.text())}</mtext>"
        raise self.fail(f"unsupported LaTeX command \\{command}")

    def text(self) -> str:
        """The raw characters of ``\\text{...}``, spaces kept."""
        token = self.take()
        if token.group(4) != "{":
            raise self.fail("\\text needs braces")
        start, depth = token.end(), 1
        for index in range(start, len(self.latex)):
            depth += {"{": 1, "}": -1}.get(self.latex[index], 0)
            if depth == 0:
                while self.peek() is not None and self.peek().start() <= index:
                    self.pos += 1
                return self.latex[start:index]
        raise self.fail("missing }")


def _row(markup: str) -> str:
    """MathML's fractions and scripts take exactly one child each."""
    return markup if markup.startswith("<mrow>") else f"<mrow>{markup}</mrow>"
