"""A small expression language over data element codes, for indicators and validation rules.

    #{PHONE_SUBS} / POP() * 100
    #{INTERNET_SUBS.FTTH} + #{INTERNET_SUBS.ADSL}
    YTD(#{REVENUE}) / TARGET(#{REVENUE}) * 100
    (#{REVENUE} - LASTYEAR(#{REVENUE})) / LASTYEAR(#{REVENUE}) * 100

Grammar (a hand-written tokenizer and a recursive-descent parser; nothing is ever ``eval``-ed)::

    expression := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := ("-" | "+") unary | primary
    primary    := NUMBER | "#{" CODE ["." OPTION] "}" | NAME "(" [arguments] ")"
                | "(" expression ")"

Numbers are written with a decimal point (``0.5``, ``100``), as in a spreadsheet formula.
``#{CODE}`` is the element's total over its options, ``#{CODE.OPTION}`` one option.
Functions: ``POP()`` (population of the unit in the period's year), ``TARGET(#{CODE})`` (the
year's target), ``PREV(x)``, ``LASTYEAR(x)``, ``YTD(x)`` (``x`` in the previous period, the same
period last year, summed over the year to date), ``ABS``, ``MIN``, ``MAX``.

Evaluation is in :class:`~decimal.Decimal`; a missing value or a division by zero gives
``None`` (missing), which the caller handles (an indicator shows nothing, a validation rule
applies its missing-value strategy).
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext
from typing import Protocol

from django.utils.translation import gettext as _

MAX_LENGTH = 2000
MAX_DEPTH = 25
MAX_DIGITS = 20
MAX_NODES = 400
#: results beyond this magnitude are refused rather than carried
MAX_MAGNITUDE = Decimal("1e30")

_CODE = r"[A-Za-z0-9][A-Za-z0-9_\-]{0,49}"
_REFERENCE = re.compile(rf"#\{{({_CODE})(?:\.({_CODE}))?\}}")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ExpressionError(ValueError):
    """An expression that cannot be read or computed; the message is for a person."""

    def __init__(self, message: str, position: int | None = None):
        if position is not None:
            message = _("%(message)s (at character %(position)s)") % {
                "message": message,
                "position": position + 1,
            }
        super().__init__(message)
        self.position = position


# ---- syntax tree ----------------------------------------------------------------------
@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class Reference:
    code: str
    option: str | None = None


@dataclass(frozen=True)
class Negate:
    operand: "Node"


@dataclass(frozen=True)
class Binary:
    operator: str
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class Call:
    name: str
    arguments: tuple["Node", ...] = field(default_factory=tuple)


Node = Number | Reference | Negate | Binary | Call

#: function name -> (least, most arguments); TARGET takes a reference only
FUNCTIONS: dict[str, tuple[int, int]] = {
    "POP": (0, 0),
    "TARGET": (1, 1),
    "PREV": (1, 1),
    "LASTYEAR": (1, 1),
    "YTD": (1, 1),
    "ABS": (1, 1),
    "MIN": (2, 8),
    "MAX": (2, 8),
}


# ---- tokenizer -----------------------------------------------------------------------
@dataclass(frozen=True)
class Token:
    kind: str  # number, ref, name, op, lparen, rparen, comma, end
    text: str
    position: int
    value: object = None


def tokenize(text: str) -> list[Token]:
    if not isinstance(text, str):
        raise ExpressionError(_("An expression must be text."))
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            _("The expression is too long (at most %(max)s characters).") % {"max": MAX_LENGTH}
        )
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t\r\n":
            i += 1
            continue
        if ch == "#":
            match = _REFERENCE.match(text, i)
            if not match:
                raise ExpressionError(
                    _(  # xgettext:no-python-brace-format
                        "A reference is written #{CODE} or #{CODE.OPTION}, with letters, "
                        "digits, _ or -."
                    ),
                    i,
                )
            reference = Reference(match.group(1), match.group(2))
            tokens.append(Token("ref", match.group(0), i, reference))
            i = match.end()
            continue
        if ch.isdigit():
            match = _NUMBER.match(text, i)
            digits = match.group(0).replace(".", "")
            if len(digits) > MAX_DIGITS:
                raise ExpressionError(
                    _("The number is too long (at most %(max)s digits).") % {"max": MAX_DIGITS}, i
                )
            end = match.end()
            following = text[end : end + 2]
            if (
                following[:1] == "."
                or following[:1].isalpha()
                or (following[:1] == "," and following[1:].isdigit())
            ):
                # "1,5" and "1.000.000" are refused rather than read as two arguments or 1.0
                raise ExpressionError(
                    _(
                        "A number in an expression is written like 100 or 0.5 (a point before "
                        "the decimals, no thousands separator); arguments are separated by “, ”."
                    ),
                    i,
                )
            tokens.append(Token("number", match.group(0), i, Decimal(match.group(0))))
            i = end
            continue
        if ch.isascii() and (ch.isalpha() or ch == "_"):
            match = _NAME.match(text, i)
            name = match.group(0)
            if name.startswith("_"):
                raise ExpressionError(_("Names beginning with “_” are not allowed."), i)
            tokens.append(Token("name", name, i))
            i = match.end()
            continue
        if ch in "+-*/":
            if text.startswith("**", i):
                raise ExpressionError(_("Powers (**) are not allowed."), i)
            tokens.append(Token("op", ch, i))
        elif ch == "(":
            tokens.append(Token("lparen", ch, i))
        elif ch == ")":
            tokens.append(Token("rparen", ch, i))
        elif ch == ",":
            tokens.append(Token("comma", ch, i))
        elif ch == ".":
            raise ExpressionError(_("Attribute access (.) is not allowed outside #{…}."), i)
        else:
            raise ExpressionError(_("Unexpected character “%(char)s”.") % {"char": ch}, i)
        i += 1
    tokens.append(Token("end", "", len(text)))
    return tokens


# ---- parser --------------------------------------------------------------------------
class _Parser:
    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.at = 0
        self.depth = 0
        self.nodes = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.at]

    def advance(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def made(self, node: Node) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ExpressionError(_("The expression is too complex."))
        return node

    def enter(self, position: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(
                _("The expression is nested too deeply (at most %(max)s levels).")
                % {"max": MAX_DEPTH},
                position,
            )

    def expect(self, kind: str, message: str) -> Token:
        if self.current.kind != kind:
            raise ExpressionError(message, self.current.position)
        return self.advance()

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise ExpressionError(_("The expression is empty."))
        node = self.expression()
        if self.current.kind != "end":
            raise ExpressionError(
                _("Unexpected “%(text)s”.") % {"text": self.current.text}, self.current.position
            )
        return node

    def expression(self) -> Node:
        self.enter(self.current.position)
        node = self.term()
        while self.current.kind == "op" and self.current.text in "+-":
            operator = self.advance().text
            node = self.made(Binary(operator, node, self.term()))
        self.depth -= 1
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.current.kind == "op" and self.current.text in "*/":
            operator = self.advance().text
            node = self.made(Binary(operator, node, self.unary()))
        return node

    def unary(self) -> Node:
        if self.current.kind == "op" and self.current.text in "+-":
            token = self.advance()
            self.enter(token.position)
            operand = self.unary()
            self.depth -= 1
            return operand if token.text == "+" else self.made(Negate(operand))
        return self.primary()

    def primary(self) -> Node:
        token = self.current
        if token.kind == "number":
            self.advance()
            return self.made(Number(token.value))
        if token.kind == "ref":
            self.advance()
            return self.made(token.value)
        if token.kind == "lparen":
            self.advance()
            node = self.expression()
            self.expect("rparen", _("A “)” is missing."))
            return node
        if token.kind == "name":
            return self.call()
        if token.kind == "end":
            raise ExpressionError(_("The expression ends too early."), token.position)
        raise ExpressionError(_("Unexpected “%(text)s”.") % {"text": token.text}, token.position)

    def call(self) -> Node:
        token = self.advance()
        name = token.text.upper()
        if self.current.kind != "lparen" and name not in FUNCTIONS:
            raise ExpressionError(
                # xgettext:no-python-brace-format
                _(
                    "“%(name)s” is unknown: an element is written #{%(name)s}, "
                    "a function is followed by “(”."
                )
                % {"name": token.text[:40]},
                token.position,
            )
        if name not in FUNCTIONS:
            raise ExpressionError(
                _("Unknown function “%(name)s”; known: %(known)s.")
                % {"name": token.text[:40], "known": ", ".join(FUNCTIONS)},
                token.position,
            )
        self.expect("lparen", _("A function name is followed by “(”."))
        self.enter(token.position)
        arguments: list[Node] = []
        if self.current.kind != "rparen":
            arguments.append(self.expression())
            while self.current.kind == "comma":
                self.advance()
                arguments.append(self.expression())
        self.expect("rparen", _("A “)” is missing."))
        self.depth -= 1
        least, most = FUNCTIONS[name]
        if not least <= len(arguments) <= most:
            raise ExpressionError(
                _("%(name)s takes %(least)s to %(most)s arguments.")
                % {"name": name, "least": least, "most": most}
                if least != most
                else _("%(name)s takes %(count)s argument(s).") % {"name": name, "count": least},
                token.position,
            )
        if name == "TARGET" and not isinstance(arguments[0], Reference):
            raise ExpressionError(
                # xgettext:no-python-brace-format
                _("TARGET takes one reference, as TARGET(#{CODE})."),
                token.position,
            )
        return self.made(Call(name, tuple(arguments)))


def parse(text: str) -> Node:
    """The syntax tree of ``text``, or an :class:`ExpressionError` in Vietnamese."""
    return _Parser(tokenize(text)).parse()


def validate(text: str) -> None:
    parse(text)


def walk(node: Node) -> Iterator[Node]:
    yield node
    if isinstance(node, Negate):
        yield from walk(node.operand)
    elif isinstance(node, Binary):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, Call):
        for argument in node.arguments:
            yield from walk(argument)


def references(node_or_text: Node | str) -> set[Reference]:
    node = parse(node_or_text) if isinstance(node_or_text, str) else node_or_text
    return {n for n in walk(node) if isinstance(n, Reference)}


def element_codes(node_or_text: Node | str) -> set[str]:
    return {r.code for r in references(node_or_text)}


# ---- evaluation ----------------------------------------------------------------------
class Context(Protocol):
    """What an expression reads; every method returns ``None`` for a missing value."""

    def value(self, reference: Reference, period: object) -> Decimal | None: ...

    def population(self, period: object) -> Decimal | None: ...

    def target(self, reference: Reference, period: object) -> Decimal | None: ...

    def previous(self, period: object) -> object: ...

    def last_year(self, period: object) -> object: ...

    def year_to_date(self, period: object) -> list: ...


def _checked(result: Decimal) -> Decimal:
    if abs(result) > MAX_MAGNITUDE:
        raise ExpressionError(_("The result is too large to be a statistic."))
    return result


def evaluate(node: Node, context: Context, period: object) -> Decimal | None:
    """The value of ``node`` for ``period`` (whatever object ``context`` understands)."""
    with localcontext() as decimal_context:
        decimal_context.prec = 28
        try:
            return _evaluate(node, context, period)
        except (InvalidOperation, OverflowError) as exc:
            raise ExpressionError(_("The result cannot be computed.")) from exc


_BINARY: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
}


def _evaluate(node: Node, context: Context, period: object) -> Decimal | None:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Reference):
        return context.value(node, period)
    if isinstance(node, Negate):
        operand = _evaluate(node.operand, context, period)
        return None if operand is None else -operand
    if isinstance(node, Binary):
        left = _evaluate(node.left, context, period)
        right = _evaluate(node.right, context, period)
        if left is None or right is None:
            return None
        if node.operator == "/":
            return None if right == 0 else _checked(left / right)
        return _checked(_BINARY[node.operator](left, right))
    if isinstance(node, Call):
        return _call(node, context, period)
    raise ExpressionError(_("Unknown part of an expression."))  # pragma: no cover


def _call(node: Call, context: Context, period: object) -> Decimal | None:
    name, arguments = node.name, node.arguments
    if name == "POP":
        return context.population(period)
    if name == "TARGET":
        return context.target(arguments[0], period)
    if name == "PREV":
        return _evaluate(arguments[0], context, context.previous(period))
    if name == "LASTYEAR":
        return _evaluate(arguments[0], context, context.last_year(period))
    if name == "YTD":
        values = [_evaluate(arguments[0], context, p) for p in context.year_to_date(period)]
        present = [v for v in values if v is not None]
        return _checked(sum(present, Decimal(0))) if present else None
    values = [_evaluate(a, context, period) for a in arguments]
    if any(v is None for v in values):
        return None
    if name == "ABS":
        return abs(values[0])
    if name == "MIN":
        return min(values)
    if name == "MAX":
        return max(values)
    raise ExpressionError(_("Unknown function “%(name)s”.") % {"name": name})  # pragma: no cover


@dataclass
class DictContext:
    """A context over plain dictionaries, for tests and previews: ``values`` maps
    (code, option or None, period) to a Decimal; periods are :class:`~.periods.Period`."""

    values: dict = field(default_factory=dict)
    populations: dict = field(default_factory=dict)  # year -> Decimal
    targets: dict = field(default_factory=dict)  # (code, year) -> Decimal

    def value(self, reference: Reference, period) -> Decimal | None:
        if reference.option is None:
            parts = [
                v for (c, o, p), v in self.values.items() if c == reference.code and p == period
            ]
            return sum(parts, Decimal(0)) if parts else None
        return self.values.get((reference.code, reference.option, period))

    def population(self, period) -> Decimal | None:
        return self.populations.get(period.year)

    def target(self, reference: Reference, period) -> Decimal | None:
        return self.targets.get((reference.code, period.year))

    def previous(self, period):
        return period.previous()

    def last_year(self, period):
        return period.same_period_last_year()

    def year_to_date(self, period) -> list:
        return period.year_to_date()


def compute(text: str, context: Context, period: object) -> Decimal | None:
    return evaluate(parse(text), context, period)
