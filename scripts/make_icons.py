"""Draws the app icons (a white house on the brand colour) as PNGs, with no image library.

Run once after a design change: python scripts/make_icons.py
"""

import struct
import zlib
from pathlib import Path

BRAND = (0x7A, 0x1F, 0x2B)
WHITE = (0xFF, 0xFF, 0xFF)
OUT = Path(__file__).resolve().parents[1] / "outreach" / "static" / "icons"


def house(x: float, y: float, inset: float) -> bool:
    """The shape in unit coordinates: a roof triangle over a square body with a door."""
    s = 1 - 2 * inset
    u, v = (x - inset) / s, (y - inset) / s
    roof = 0.12 <= v <= 0.48 and abs(u - 0.5) <= (v - 0.12) * 1.2
    body = 0.46 <= v <= 0.86 and 0.2 <= u <= 0.8
    door = 0.62 <= v <= 0.86 and 0.42 <= u <= 0.58
    return (roof or body) and not door


def png(size: int, inset: float) -> bytes:
    rows = bytearray()
    for j in range(size):
        rows.append(0)
        for i in range(size):
            rows.extend(WHITE if house((i + 0.5) / size, (j + 0.5) / size, inset) else BRAND)
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon-192.png").write_bytes(png(192, 0.08))
    (OUT / "icon-512.png").write_bytes(png(512, 0.08))
    # Maskable icons keep their content inside the central safe zone (80 %).
    (OUT / "icon-maskable-512.png").write_bytes(png(512, 0.2))
