"""Charts of the participation report, drawn on the server: a chart is laid out once as a few
shapes (rectangles, lines, texts), which become inline SVG for the page and the print view
(and so the PDF) or a PNG picture for the Word document.

A chart never carries its meaning in colour alone: every bar has its number written beside
it, the segments of a stacked bar their share, and each chart has a title, a text alternative
and its numbers in a table next to it. The colours keep 3:1 against white (WCAG 1.4.11);
texts written on a colour are white on colours with 4.5:1. On right-to-left pages the
layout is mirrored, so that labels stand where reading starts."""

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path

from markupsafe import Markup, escape

WIDTH = 400
FONT = 14
SMALL = 12
TEXT = "#1b1f23"
MUTED = "#4f5963"
GRID = "#c9cfd4"
BAR = "#1f5fa8"
# Per result of a contribution, in the order of the stacked bars.
RESULT_COLOURS = {"incorporated": "#2e7d32", "duplicate": "#1f5fa8",
                  "not_taken_up": "#a24a14", "forwarded": "#6a3d9a", "pending": "#5b6770",
                  "hidden": "#37474f", "withdrawn": "#7a5c00"}
FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
              "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = GRID
    width: float = 1
    dashed: bool = False


@dataclass
class Text:
    x: float
    y: float
    text: str
    size: int = FONT
    anchor: str = "start"  # start, middle, end (left-to-right terms; mirrored for RTL)
    fill: str = TEXT
    bold: bool = False


@dataclass
class Polyline:
    points: list[tuple[float, float]]
    stroke: str = BAR
    width: float = 2


@dataclass
class Chart:
    """Shapes on a WIDTH × height canvas, with the title and the text alternative."""

    title: str
    description: str
    height: float
    shapes: list = field(default_factory=list)
    rtl: bool = False


def _number(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return str(int(value))


# --- layouts -------------------------------------------------------------------------------------

def bar_chart(title: str, description: str, bars: list[tuple[str, int | None]], *,
              hidden_text: str, rtl: bool = False) -> Chart:
    """Horizontal bars, each with its label above it and its number after it; a count that
    is not shown (privacy) gets no bar, only `hidden_text`."""
    top, label_h, bar_h, gap = 4, FONT + 5, 16, 10
    largest = max([v for _l, v in bars if v] or [1])
    span = WIDTH - 60
    chart = Chart(title, description, top + len(bars) * (label_h + bar_h + gap), rtl=rtl)
    y = top
    for label, value in bars:
        chart.shapes.append(Text(0, y + FONT, label))
        y += label_h
        if value is None:
            chart.shapes.append(Text(0, y + bar_h - 4, hidden_text, SMALL, fill=MUTED))
        else:
            width = span * value / largest if value else 0
            if width:
                chart.shapes.append(Rect(0, y, max(width, 2), bar_h, BAR))
            chart.shapes.append(Text(width + 6, y + bar_h - 3, _number(value), FONT,
                                     bold=True))
        y += bar_h + gap
    return chart


def stacked_bars(title: str, description: str, rows: list[tuple[str, list[tuple[str, int]]]],
                 colours: dict[str, str], *, rtl: bool = False) -> Chart:
    """One bar of 100 % per row, split into its parts (code, count); each part wide enough
    carries its share in per cent, and a legend under the bars names the parts in order."""
    top, label_h, bar_h, gap = 4, FONT + 5, 22, 12
    chart = Chart(title, description, 0, rtl=rtl)
    y = top
    for label, parts in rows:
        chart.shapes.append(Text(0, y + FONT, label))
        y += label_h
        total = sum(count for _code, count in parts)
        x = 0.0
        for code, count in parts:
            if not count or not total:
                continue
            width = WIDTH * count / total
            chart.shapes.append(Rect(x, y, max(width - 1.5, 1), bar_h, colours[code]))
            share = round(100 * count / total)
            if width >= 34:
                chart.shapes.append(Text(x + width / 2, y + bar_h - 6, f"{share} %", SMALL,
                                         anchor="middle", fill="#ffffff", bold=True))
            x += width
        if not total:
            chart.shapes.append(Rect(0, y, WIDTH, bar_h, "#eef1f3"))
        y += bar_h + gap
    chart.height = y
    return chart


def legend(chart: Chart, entries: list[tuple[str, str]]) -> Chart:
    """Add a legend (colour swatch and name, in the bars' order) under a chart."""
    y = chart.height + 2
    x = 0.0
    for colour, name in entries:
        width = 22 + len(name) * 6.6
        if x and x + width > WIDTH:
            x, y = 0.0, y + FONT + 8
        chart.shapes.append(Rect(x, y + 1, 12, 12, colour))
        chart.shapes.append(Text(x + 17, y + 12, name, SMALL))
        x += width + 10
    chart.height = y + FONT + 8
    return chart


def line_chart(title: str, description: str, points: list[tuple[date, int]],
               markers: list[tuple[str, date, date]], *, rtl: bool = False) -> Chart:
    """Counts per week as a line over time; rounds as shaded bands and events as dashed
    vertical lines, each numbered, with the numbers explained under the chart."""
    left, top, plot_h, bottom = 34, 10, 150, 34
    chart = Chart(title, description, 0, rtl=rtl)
    if not points:
        chart.height = 10
        return chart
    start, end = points[0][0], points[-1][0]
    for _text, first, last in markers:
        start, end = min(start, first), max(end, last)
    days = max((end - start).days, 7)
    plot_w = WIDTH - left - 8
    largest = max(count for _d, count in points) or 1

    def x_of(day: date) -> float:
        return left + plot_w * (day - start).days / days

    def y_of(count: int) -> float:
        return top + plot_h - plot_h * count / largest

    for number, (_text, first, last) in enumerate(markers, start=1):
        x1, x2 = x_of(first), x_of(last)
        if last > first:
            chart.shapes.append(Rect(x1, top, max(x2 - x1, 2), plot_h, "#e3ecf6"))
        else:
            chart.shapes.append(Line(x1, top, x1, top + plot_h, "#7a5c00", 1.5, dashed=True))
        # Each marker's number on a line of its own, so that markers close together stay
        # readable.
        chart.shapes.append(Text(x1 + 3, top + 12 + 13 * ((number - 1) % 8), str(number),
                                 SMALL, fill=MUTED, bold=True))
    for value in (0, largest):
        chart.shapes.append(Line(left, y_of(value), WIDTH - 8, y_of(value)))
        chart.shapes.append(Text(left - 4, y_of(value) + 4, str(value), SMALL, "end", MUTED))
    chart.shapes.append(Polyline([(x_of(day), y_of(count)) for day, count in points]))
    # The first day of each month that the timeline crosses, as ticks under the plot.
    month = date(start.year, start.month, 1)
    ticks = []
    while month <= end:
        if month >= start:
            ticks.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    step = max(1, len(ticks) // 6)
    for tick in ticks[::step]:
        x = x_of(tick)
        chart.shapes.append(Line(x, top + plot_h, x, top + plot_h + 4, MUTED))
        chart.shapes.append(Text(x, top + plot_h + 17, tick.strftime("%m/%Y"), SMALL,
                                 "middle", MUTED))
    chart.height = top + plot_h + bottom
    return chart


# --- SVG -----------------------------------------------------------------------------------------

def _mirror_x(chart: Chart, x: float, w: float = 0) -> float:
    return WIDTH - x - w if chart.rtl else x


def _anchor(chart: Chart, anchor: str) -> str:
    """The anchor in absolute terms (left: start), as Pillow takes it."""
    if not chart.rtl or anchor == "middle":
        return anchor
    return "end" if anchor == "start" else "start"


def to_svg(chart: Chart, chart_id: str) -> Markup:
    """Inline SVG: an image with a title and a description (the table beside it has the
    numbers); it scales to the width of its container."""
    # SVG reads text-anchor in the text's direction (on an Arabic page "start" is the right
    # end), so the anchors stay as laid out and only the positions are mirrored.
    direction = "rtl" if chart.rtl else "ltr"
    out = [f'<svg class="chart" viewBox="0 0 {WIDTH} {chart.height:.0f}" role="img" '
           f'aria-labelledby="{chart_id}-title {chart_id}-desc" direction="{direction}" '
           f'xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, Arial, sans-serif">',
           f'<title id="{chart_id}-title">{escape(chart.title)}</title>',
           f'<desc id="{chart_id}-desc">{escape(chart.description)}</desc>']
    for shape in chart.shapes:
        if isinstance(shape, Rect):
            out.append(f'<rect x="{_mirror_x(chart, shape.x, shape.w):.1f}" y="{shape.y:.1f}" '
                       f'width="{shape.w:.1f}" height="{shape.h:.1f}" fill="{shape.fill}"/>')
        elif isinstance(shape, Line):
            dash = ' stroke-dasharray="4 3"' if shape.dashed else ""
            out.append(f'<line x1="{_mirror_x(chart, shape.x1):.1f}" y1="{shape.y1:.1f}" '
                       f'x2="{_mirror_x(chart, shape.x2):.1f}" y2="{shape.y2:.1f}" '
                       f'stroke="{shape.stroke}" stroke-width="{shape.width}"{dash}/>')
        elif isinstance(shape, Polyline):
            points = " ".join(f"{_mirror_x(chart, x):.1f},{y:.1f}" for x, y in shape.points)
            out.append(f'<polyline points="{points}" fill="none" stroke="{shape.stroke}" '
                       f'stroke-width="{shape.width}" stroke-linejoin="round"/>')
        elif isinstance(shape, Text):
            weight = ' font-weight="bold"' if shape.bold else ""
            out.append(f'<text x="{_mirror_x(chart, shape.x):.1f}" y="{shape.y:.1f}" '
                       f'font-size="{shape.size}" fill="{shape.fill}" '
                       f'text-anchor="{shape.anchor}"{weight}>'
                       f'{escape(shape.text)}</text>')
    out.append("</svg>")
    # Every text in it went through escape(); the rest are numbers and constant colours.
    return Markup("".join(out))  # noqa: S704


# --- PNG -----------------------------------------------------------------------------------------

def _font(size: float, bold: bool):
    from PIL import ImageFont

    path = Path(FONT_FILES[1 if bold else 0])
    if path.is_file():
        return ImageFont.truetype(str(path), size=int(size))
    return ImageFont.load_default(size=int(size))


def to_png(chart: Chart, scale: float = 3) -> bytes:
    """The chart as a PNG picture (for Word), `scale` pixels per unit."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (int(WIDTH * scale), int(chart.height * scale) + 2), "#ffffff")
    draw = ImageDraw.Draw(image)
    for shape in chart.shapes:
        if isinstance(shape, Rect):
            x = _mirror_x(chart, shape.x, shape.w)
            draw.rectangle([x * scale, shape.y * scale, (x + shape.w) * scale,
                            (shape.y + shape.h) * scale], fill=shape.fill)
        elif isinstance(shape, Line):
            draw.line([_mirror_x(chart, shape.x1) * scale, shape.y1 * scale,
                       _mirror_x(chart, shape.x2) * scale, shape.y2 * scale],
                      fill=shape.stroke, width=max(1, int(shape.width * scale)))
        elif isinstance(shape, Polyline):
            draw.line([(_mirror_x(chart, x) * scale, y * scale) for x, y in shape.points],
                      fill=shape.stroke, width=int(shape.width * scale), joint="curve")
        elif isinstance(shape, Text):
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[_anchor(chart, shape.anchor)]
            draw.text((_mirror_x(chart, shape.x) * scale, shape.y * scale), shape.text,
                      fill=shape.fill, font=_font(shape.size * scale, shape.bold),
                      anchor=anchor)
    out = BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
