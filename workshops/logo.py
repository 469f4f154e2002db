"""A Kommune's logo or Wappen: checked and re-encoded as PNG with Pillow on upload.

Only PNG and JPEG are read. SVG is refused: it can carry scripts and references to other
files, and a sanitised SVG is not worth its risk for one picture. Before Pillow decodes any
pixel, the file's size and the picture's declared dimensions are checked, so a small file that
unpacks to gigabytes (a decompression bomb) is refused instead of filling the memory. The
picture is then decoded, reduced to at most `OUTPUT_SIDE` pixels a side and written anew as
PNG: nothing of the uploaded file but its pixels reaches the document (no metadata, no
trailing data).
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
MIN_SIDE = 16
OUTPUT_SIDE = 800
FORMATS = ("PNG", "JPEG")


@dataclass(frozen=True)
class Logo:
    png: bytes
    width: int
    height: int


def reencode(upload) -> Logo:
    """The uploaded file as a fresh PNG, or `ValidationError` with a German message."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than 5 MB. Please upload a smaller picture."), code="size"
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The picture has more than 25 megapixels. Please upload a smaller one."),
                    code="pixels",
                )
            if min(width, height) < MIN_SIDE:
                raise ValidationError(
                    _("The picture is smaller than 16 pixels a side."), code="tiny"
                )
            # WeasyPrint lets Pillow load truncated files (ImageFile.LOAD_TRUNCATED_IMAGES);
            # verify() still refuses a PNG that is cut off or has broken checksums.
            if image.format == "PNG":
                image.verify()
        with Image.open(io.BytesIO(data), formats=FORMATS) as image:
            image.load()
            picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This is not a PNG or JPEG picture Pillow can read. SVG is not accepted."),
            code="format",
        ) from None
    picture.thumbnail((OUTPUT_SIDE, OUTPUT_SIDE))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return Logo(png=out.getvalue(), width=picture.width, height=picture.height)
