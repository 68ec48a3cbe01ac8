// Photos made smaller on the phone before they wait in the outbox (at most 2000 px, JPEG): small
// enough for a slow connection, and drawing them anew leaves their metadata (GPS, camera) behind.
// The server re-encodes them once more (outreach/pictures.py).
export async function smallerPhoto(file) {
  const bitmap = await createImageBitmap(file); // upright as the camera meant it
  const scale = Math.min(1, 2000 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL("image/jpeg", 0.85);
}
