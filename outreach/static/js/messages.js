// Short texts the scripts show, German first.
const texts = {
  de: {
    waiting: "Noch nicht gesendet",
    attention: "Braucht Ihre Aufmerksamkeit",
    saved: "Auf diesem Gerät gespeichert – wird gesendet, sobald Netz da ist.",
    sent: "Gesendet.",
    summary: (n, last) => `${n} warten auf das Senden${last ? ` · zuletzt gesendet ${last}` : ""}`,
    signIn: "Bitte melden Sie sich wieder an, dann wird gesendet.",
    revoked: "Dieses Gerät wurde gesperrt.",
    offline: "Keine Verbindung – es wird später gesendet.",
    conflict: "Auf einem anderen Gerät wurde dieselbe Notiz geändert: Beide Fassungen sind erhalten. Bitte zusammenführen.",
    reasons: {
      invalid: "Eine Angabe fehlt oder ist ungültig",
      forbidden: "Sie dürfen diesen Fall nicht mehr bearbeiten",
      locked: "Die Notiz ist freigegeben und kann nicht mehr geändert werden: bitte einen Nachtrag schreiben",
      awaiting_approval: "Die Notiz liegt zur Freigabe vor: Änderungen erst nach einer Rückgabe",
      id_reused: "Diese Nummer wurde schon für einen anderen Eintrag benutzt",
      id_conflict: "Diese Notiz gehört zu einem anderen Fall oder einer anderen Person",
      unknown_base: "Die Fassung, auf der diese Änderung beruht, ist unbekannt",
      schema_version: "Diese App-Version ist zu alt: bitte neu laden",
      not_found: "Der Fall wurde nicht gefunden",
      wrong_author: "Geschrieben von einer anderen Person: wartet auf deren Anmeldung",
      malformed: "Der Eintrag ist beschädigt",
      unknown_kind: "Diese Art von Eintrag kennt der Server nicht",
    },
    fields: { situation: "Situation", visited_at: "Datum", kind: "Art", case_id: "Fall" },
    note: "Besuchsnotiz",
    confirmDiscard: "Diesen Eintrag wirklich verwerfen? Er wird dann nie gesendet.",
  },
  en: {
    waiting: "Not yet sent",
    attention: "Needs your attention",
    saved: "Saved on this device – sent as soon as there is a connection.",
    sent: "Sent.",
    summary: (n, last) => `${n} waiting to be sent${last ? ` · last sent ${last}` : ""}`,
    signIn: "Please sign in again; then it is sent.",
    revoked: "This device has been blocked.",
    offline: "No connection – it will be sent later.",
    conflict: "The same note was changed on another device: both versions are kept. Please merge them.",
    reasons: {
      invalid: "Something is missing or invalid",
      forbidden: "You may no longer work on this case",
      locked: "The note is approved and can no longer change: please write an addendum",
      awaiting_approval: "The note awaits approval: changes only after it is returned",
      id_reused: "This number was already used for another entry",
      id_conflict: "This note belongs to another case or person",
      unknown_base: "The version this change is based on is unknown",
      schema_version: "This app version is too old: please reload",
      not_found: "The case was not found",
      wrong_author: "Written by another person: waits for them to sign in",
      malformed: "The entry is damaged",
      unknown_kind: "The server does not know this kind of entry",
    },
    fields: { situation: "Situation", visited_at: "Date", kind: "Kind", case_id: "Case" },
    note: "Visit note",
    confirmDiscard: "Really discard this entry? It will then never be sent.",
  },
};

export const t = texts[document.documentElement.lang] || texts.de;

export function reasonText(item) {
  const base = t.reasons[item.reason] || item.reason;
  return item.field ? `${base}: ${t.fields[item.field] || item.field}` : base;
}
