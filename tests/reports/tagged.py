"""Is a PDF tagged? The catalog of a tagged PDF says /MarkInfo <</Marked true>> and points at a
structure tree (/StructTreeRoot) whose elements (/S /H1, /S /Table, ...) screen readers read.
WeasyPrint packs the catalog into a compressed object stream, so every stream is inflated
before looking; `pdfinfo` (poppler), where installed, must say "Tagged: yes" as well."""

import re
import shutil
import subprocess
import tempfile
import zlib

STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def pdf_text(data: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated (others as they are)."""
    parts = [data]
    for match in STREAM.finditer(data):
        try:
            parts.append(zlib.decompressobj().decompress(match.group(1)))
        except zlib.error:
            continue  # not Flate-compressed (or an image)
    return b"\n".join(parts)


def structure(data: bytes) -> dict:
    text = pdf_text(data)
    lang = re.search(rb"/Lang\s*\(([^)]*)\)", text)
    return {
        "marked": re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", text) is not None,
        "struct_tree": re.search(rb"/Type\s*/StructTreeRoot", text) is not None,
        "roles": set(re.findall(rb"/S\s*/([A-Za-z0-9]+)", text)),
        "lang": lang.group(1).decode() if lang else None,
        "ua": b"pdfuaid" in text,
    }


def pdfinfo_tagged(data: bytes) -> bool | None:
    """pdfinfo's verdict, or None where poppler-utils are not installed."""
    if not shutil.which("pdfinfo"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True,
                             check=True).stdout
    return bool(re.search(r"^Tagged:\s+yes$", out, re.M))


def assert_tagged(data: bytes, *roles: bytes, lang: str = "de") -> None:
    found = structure(data)
    assert found["marked"] and found["struct_tree"], "untagged PDF"
    assert found["lang"] == lang
    assert found["ua"], "no PDF/UA identification in the metadata"
    assert set(roles) <= found["roles"], found["roles"]
    assert pdfinfo_tagged(data) in (True, None)


def assert_untagged(data: bytes) -> None:
    found = structure(data)
    assert not (found["marked"] and found["struct_tree"])
    assert pdfinfo_tagged(data) in (False, None)
