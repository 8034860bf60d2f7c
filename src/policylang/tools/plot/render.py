"""Drawing a chart description: PNG and SVG by vl-convert-python (no browser), HTML that works offline
(vega, vega-lite and vega-embed inlined: no CDN, for government intranets), or the JSON itself.

Chinese labels need a CJK font: one is found on the system (fc-list, else the usual folders, or the
folder POLICYLANG_CJK_FONT_DIR names) and registered with vl-convert; with none, G001 names the
package to install rather than drawing empty boxes. vl-convert is imported here only, so neither
`policylang --help` nor `eval` loads it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policylang.errors import Diagnostic, Msg, PolicyError, Source, Span
from policylang.report.charts import FONT, Spec

SUFFIXES = (".png", ".svg", ".html", ".json")
FONT_DIR_ENV = "POLICYLANG_CJK_FONT_DIR"
FONT_PACKAGE = "fonts-noto-cjk"  # Debian / Ubuntu; named in G001's hint
FONT_FILES = (".ttc", ".otf", ".ttf")
# Where CJK fonts live when fc-list is not there to say (Debian's fonts-noto-cjk, fonts-wqy-*, others).
KNOWN_FONT_DIRS = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/truetype/wqy",
    "/usr/share/fonts/wenquanyi",
)
PNG_SCALE = 2


@dataclass(frozen=True)
class CjkFont:
    folder: str
    family: str | None  # None: the family is one of charts.FONT's


def option_span(option: str, value: str) -> Span:
    """A span over an option's value on the command line, for a located message."""
    return Span(Source(option, value), 1, 1, 1, len(value) + 1)


def find_cjk_font() -> CjkFont:
    """A folder holding a font that draws Chinese, and its family; G001 when there is none."""
    chosen = os.environ.get(FONT_DIR_ENV)
    if chosen:  # the user's choice is the only place looked in
        if any(p.suffix.lower() in FONT_FILES for p in Path(chosen).glob("**/*")):
            return CjkFont(str(Path(chosen).resolve()), _scan_family(chosen))
        raise no_font()
    found = _from_fontconfig()
    if found is not None:
        return found
    for folder in KNOWN_FONT_DIRS:
        if any("cjk" in p.name.lower() or "wqy" in p.name.lower() for p in Path(folder).glob("*")):
            return CjkFont(folder, None)
    raise no_font()


def no_font() -> PolicyError:
    return PolicyError(Diagnostic("G001", Msg("plot.no_font"), suggestion=Msg("plot.no_font.hint")))


def _from_fontconfig() -> CjkFont | None:
    if shutil.which("fc-list") is None:
        return None
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=zh", "family", "file"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    fonts = []
    for line in listed.splitlines():
        path, _, families = line.partition(": ")
        if path and families:
            fonts.append((path.strip(), families.split(",")[0].strip()))
    if not fonts:
        return None
    # a Simplified Chinese sans face first (Noto Sans CJK SC), then any
    fonts.sort(key=lambda f: (" SC" not in f[1], "Sans" not in f[1], f[1], f[0]))
    path, family = fonts[0]
    return CjkFont(str(Path(path).parent), family)


def _scan_family(folder: str) -> str | None:
    if shutil.which("fc-scan") is None:
        return None
    for p in sorted(Path(folder).glob("**/*")):
        if p.suffix.lower() in FONT_FILES:
            try:
                out = subprocess.run(
                    ["fc-scan", "--format", "%{family[0]}\n", str(p)], capture_output=True, text=True, timeout=20
                ).stdout
            except (OSError, subprocess.SubprocessError):
                return None
            return out.splitlines()[0].strip() if out.strip() else None
    return None


def with_font(spec: Spec, font: CjkFont) -> Spec:
    """The spec with the system's CJK family first in its font list (if not one of FONT's already)."""
    if font.family is None or font.family in FONT:
        return spec
    return {**spec, "config": {**spec.get("config", {}), "font": f"{font.family}, {FONT}"}}


def check_suffix(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise PolicyError(
            Diagnostic(
                "G008",
                Msg("plot.bad_suffix", suffix=suffix or path),
                option_span("-o", path),
                suggestion=Msg("plot.bad_suffix.hint"),
            )
        )
    return suffix


def converter(suffix: str) -> Any:
    try:
        import vl_convert
    except ImportError:
        raise PolicyError(
            Diagnostic("G002", Msg("plot.no_renderer", suffix=suffix), suggestion=Msg("plot.no_renderer.hint"))
        ) from None
    return vl_convert


_registered: set[str] = set()


def draw(spec: Spec, suffix: str) -> bytes:
    """The picture as bytes in the format of `suffix` (one of SUFFIXES)."""
    if suffix == ".json":
        return (json.dumps(spec, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    vl = converter(suffix)
    font = find_cjk_font()
    if font.folder not in _registered:
        vl.register_font_directory(font.folder)
        _registered.add(font.folder)
    shown = with_font(spec, font)
    try:
        if suffix == ".png":
            return bytes(vl.vegalite_to_png(shown, scale=PNG_SCALE))
        if suffix == ".svg":
            return str(vl.vegalite_to_svg(shown)).encode("utf-8")
        return str(vl.vegalite_to_html(shown, bundle=True)).encode("utf-8")
    except Exception as err:  # vl-convert reports a bad spec as a plain exception
        raise PolicyError(Diagnostic("G011", Msg("plot.render_failed", reason=str(err).splitlines()[0]))) from None


def write(path: str, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as err:
        raise PolicyError(
            Diagnostic(
                "G014",
                Msg("plot.write_failed", path=path, reason=err.strerror or str(err)),
                option_span("-o", path),
            )
        ) from None


def save(spec: Spec, path: str) -> None:
    """Draw `spec` into the file at `path`, in the format its suffix names."""
    write(path, draw(spec, check_suffix(path)))
