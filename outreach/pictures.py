"""Pictures that arrive from phones (signatures, photos of paper forms and of documents), decoded
and re-encoded with Pillow before they are kept: only the pixels survive (EXIF, GPS, text chunks
and anything appended are dropped), so a stored picture is never what the sender crafted."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # a 10 MB phone photo is far below; decompression bombs are refused
PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}


class NotAPicture(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _open(data: bytes, formats: tuple[str, ...]) -> Image.Image:
    try:
        picture = Image.open(io.BytesIO(data), formats=list(formats))
    except Image.DecompressionBombError as exc:  # Pillow's own limit, met while reading the header
        raise NotAPicture("too_large") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise NotAPicture("not_a_picture") from exc
    if picture.width * picture.height > MAX_PIXELS:  # checked before the pixels are decoded
        raise NotAPicture("too_large")
    try:
        picture.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise NotAPicture("not_a_picture") from exc
    return picture


def signature_png(data: bytes, *, max_width: int = 3000, max_height: int = 2000) -> bytes:
    picture = _open(data, ("PNG",))
    if picture.width > max_width or picture.height > max_height:
        raise NotAPicture("too_large")
    out = io.BytesIO()
    picture.convert("RGBA").save(out, format="PNG", optimize=True)
    return out.getvalue()


def photo(data: bytes) -> tuple[bytes, str]:
    """A JPEG or PNG re-encoded in its own format, upright, without metadata; (bytes, media type)."""
    picture = _open(data, tuple(PHOTO_TYPES))
    # Phones often write multi-picture JPEGs (MPO: the photo plus a preview); the first frame is the photo.
    kind = "JPEG" if picture.format == "MPO" else picture.format
    picture = ImageOps.exif_transpose(picture)  # keep the orientation the phone meant, drop the tag
    out = io.BytesIO()
    if kind == "JPEG":
        picture.convert("RGB").save(out, format="JPEG", quality=88)
    else:
        picture.convert("RGBA" if "A" in picture.getbands() else "RGB").save(out, format="PNG", optimize=True)
    return out.getvalue(), PHOTO_TYPES[kind]
