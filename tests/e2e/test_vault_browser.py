"""The phone's vault (issue 25, first part) in real Chromium: records sealed with AES-GCM open only
with their key, at their place and of their kind; the data key unwraps only with the same PRF
output or the right PIN; five wrong PINs wipe the PIN's wrapping; the unwrapped key cannot be
exported; no sealed byte holds the plaintext."""

from __future__ import annotations

from tests.e2e.conftest import static_url

SCENARIO_JS = """
async ([vaultUrl]) => {
  const v = await import(vaultUrl);
  const found = {};
  const code = async (promise) => {
    try { await promise; return 'opened'; } catch (e) { return e instanceof v.VaultError ? e.code : e.name; }
  };
  const key = await v.newDataKey();
  const note = { situation: 'Frau Krüger, Bahnhofstraße 14: Mietschulden besprochen.' };
  const sealed = await v.seal(key, 'note-1', 'outbox', note);
  found.roundTrip = JSON.stringify(await v.open(key, 'note-1', 'outbox', sealed)) === JSON.stringify(note);
  found.plainInCipher = new TextDecoder('latin1').decode(sealed.data).includes('Krüger')
    || new TextDecoder().decode(sealed.data).includes('Bahnhof');
  found.otherPlace = await code(v.open(key, 'note-2', 'outbox', sealed));
  found.otherKind = await code(v.open(key, 'note-1', 'page', sealed));
  const flipped = { ...sealed, data: sealed.data.slice() };
  flipped.data[3] ^= 1;
  found.flipped = await code(v.open(key, 'note-1', 'outbox', flipped));
  found.otherKey = await code(v.open(await v.newDataKey(), 'note-1', 'outbox', sealed));
  const twice = await v.seal(key, 'note-1', 'outbox', note);
  found.freshIv = twice.iv.join() !== sealed.iv.join();
  const picture = v.randomBytes(5000);
  const sealedPicture = await v.seal(key, 'consent-1', 'signature', picture);
  found.binary = (await v.open(key, 'consent-1', 'signature', sealedPicture)).join() === picture.join();

  // the passkey's way in: the same PRF output opens, another does not; the key in use cannot leave
  const prf = v.randomBytes(32), salt = v.randomBytes(16);
  const wrapping = await v.wrap(key, await v.keyFromPrf(prf, salt), 'prf:credential-1', salt);
  const again = await v.unwrap(wrapping, await v.keyFromPrf(prf, salt));
  found.prfOpens = JSON.stringify(await v.open(again, 'note-1', 'outbox', sealed)) === JSON.stringify(note);
  found.otherPrf = await code(v.unwrap(wrapping, await v.keyFromPrf(v.randomBytes(32), salt)));
  found.otherSalt = await code(v.unwrap(wrapping, await v.keyFromPrf(prf, v.randomBytes(16))));
  found.exportable = await code(crypto.subtle.exportKey('raw', again));
  const forRewrap = await v.unwrap(wrapping, await v.keyFromPrf(prf, salt), { forRewrap: true });
  const pinSalt = v.randomBytes(16), rounds = 1000;
  let pin = await v.wrap(forRewrap, await v.keyFromPin('482915', pinSalt, rounds), 'pin', pinSalt);
  found.shortPin = await code(v.keyFromPin('1234', pinSalt, rounds));

  // the PIN's way in: four wrong, then right (the count starts again); five wrong wipe it
  const codes = [];
  for (let n = 0; n < 4; n++) {
    const tried = await v.unwrapWithPin(pin, '000000', rounds);
    pin = tried.wrapping; codes.push(tried.error);
  }
  found.fourWrong = codes; found.attemptsAfterFour = pin.attempts;
  const right = await v.unwrapWithPin(pin, '482915', rounds);
  pin = right.wrapping;
  found.pinOpens = JSON.stringify(await v.open(right.key, 'note-1', 'outbox', sealed)) === JSON.stringify(note);
  found.attemptsAfterRight = pin.attempts;
  for (let n = 0; n < 5; n++) { const tried = await v.unwrapWithPin(pin, '111111', rounds); pin = tried.wrapping; found.last = tried.error; }
  found.wipedBytes = pin.wrapped;
  found.afterWipe = await code(v.unwrapWithPin(pin, '482915', rounds));

  // the real PIN derivation's cost on this machine
  const started = performance.now();
  await v.keyFromPin('482915', pinSalt);
  found.pinMs = performance.now() - started;
  return found;
}
"""


def test_the_vault_seals_and_opens_only_as_it_should(page, live_app_factory):
    server = live_app_factory()
    page.goto(server.url + "/offline")
    found = page.evaluate(SCENARIO_JS, [static_url(server.app, "js/vault.js")])
    pin_ms = found.pop("pinMs")
    assert found == {
        "roundTrip": True, "plainInCipher": False, "otherPlace": "tampered", "otherKind": "tampered",
        "flipped": "tampered", "otherKey": "tampered", "freshIv": True, "binary": True,
        "prfOpens": True, "otherPrf": "wrong_key", "otherSalt": "wrong_key", "exportable": "InvalidAccessError",
        "shortPin": "pin_too_short",
        "fourWrong": ["wrong_pin"] * 4, "attemptsAfterFour": 4, "pinOpens": True, "attemptsAfterRight": 0,
        "last": "wiped", "wipedBytes": None, "afterWipe": "wiped",
    }, found
    assert pin_ms > 20  # 600,000 rounds of PBKDF2 are never instant (a slip to 1 round would be)


GUESSABLE = {"000000": True, "999999": True, "123456": True, "654321": True, "901234": True, "1234567": True,
             "121212": True, "123123": True, "482915": False, "731904": False, "112233": False, "135791": False}


def test_a_new_pin_anyone_would_try_first_is_recognised(page, live_app_factory):
    server = live_app_factory()
    page.goto(server.url + "/offline")
    found = page.evaluate("async ([url, pins]) => { const v = await import(url); return Object.fromEntries(pins.map((p) => [p, v.guessablePin(p)])); }",
                          [static_url(server.app, "js/vault.js"), list(GUESSABLE)])
    assert found == GUESSABLE
