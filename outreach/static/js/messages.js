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
    conflictBudget: "Auf einem anderen Gerät wurde derselbe Haushaltsplan gespeichert: Beide Fassungen sind erhalten. Bitte den Plan prüfen und speichern.",
    reasons: {
      invalid: "Eine Angabe fehlt oder ist ungültig",
      forbidden: "Sie dürfen diesen Fall nicht mehr bearbeiten",
      locked: "Die Notiz ist freigegeben und kann nicht mehr geändert werden: bitte einen Nachtrag schreiben",
      awaiting_approval: "Die Notiz liegt zur Freigabe vor: Änderungen erst nach einer Rückgabe",
      id_reused: "Diese Nummer wurde schon für einen anderen Eintrag benutzt",
      id_conflict: "Dieser Eintrag gehört zu einem anderen Fall oder einer anderen Person",
      unknown_base: "Die Fassung, auf der diese Änderung beruht, ist unbekannt",
      schema_version: "Diese App-Version ist zu alt: bitte neu laden",
      not_found: "Der Fall wurde nicht gefunden",
      wrong_author: "Geschrieben von einer anderen Person: wartet auf deren Anmeldung",
      malformed: "Der Eintrag ist beschädigt",
      unknown_kind: "Diese Art von Eintrag kennt der Server nicht",
    },
    fields: { situation: "Situation", visited_at: "Datum", kind: "Art", case_id: "Fall", items: "Einnahmen und Ausgaben",
      debts: "Schulden", setoffs: "Aufrechnung", plan: "Ratenplan", note: "Notizen", dependants: "Unterhaltsberechtigte",
      outside_benefit_unit: "Bedarfsgemeinschaft", debtor_member_id: "Pfändungsorientierung", creditor_amount_cents: "Betrag für Gläubiger" },
    note: "Besuchsnotiz",
    confirmDiscard: "Diesen Eintrag wirklich verwerfen? Er wird dann nie gesendet.",
    signOutOffline: (n) => `Abmelden braucht eine Verbindung: ${n} Einträge warten noch auf das Senden. Bitte erst mit Netz verbinden.`,
    signOutDiscard: (n) => `${n} Einträge konnten nicht gesendet werden. Beim Abmelden verwerfen?`,
    signOutBlocked: (n) => `Nicht abgemeldet: ${n} Einträge warten noch.`,
    signOutNeedsNetwork: "Abmelden braucht eine Verbindung, damit die Anmeldung auch auf dem Server endet. Bitte mit Netz verbinden.",
    cached: (n) => `${n} Seiten offline verfügbar`,
    persisted: (yes) => (yes ? "Speicher dauerhaft" : "Speicher nicht dauerhaft zugesichert"),
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
    conflictBudget: "The same budget plan was saved on another device: both versions are kept. Please check the plan and save it.",
    reasons: {
      invalid: "Something is missing or invalid",
      forbidden: "You may no longer work on this case",
      locked: "The note is approved and can no longer change: please write an addendum",
      awaiting_approval: "The note awaits approval: changes only after it is returned",
      id_reused: "This number was already used for another entry",
      id_conflict: "This entry belongs to another case or person",
      unknown_base: "The version this change is based on is unknown",
      schema_version: "This app version is too old: please reload",
      not_found: "The case was not found",
      wrong_author: "Written by another person: waits for them to sign in",
      malformed: "The entry is damaged",
      unknown_kind: "The server does not know this kind of entry",
    },
    fields: { situation: "Situation", visited_at: "Date", kind: "Kind", case_id: "Case", items: "Income and expenses",
      debts: "Debts", setoffs: "Set-off", plan: "Repayment plan", note: "Notes", dependants: "Dependants",
      outside_benefit_unit: "Benefit unit", debtor_member_id: "Garnishment orientation", creditor_amount_cents: "Amount for creditors" },
    note: "Visit note",
    confirmDiscard: "Really discard this entry? It will then never be sent.",
    signOutOffline: (n) => `Signing out needs a connection: ${n} entries still wait to be sent. Please connect first.`,
    signOutDiscard: (n) => `${n} entries could not be sent. Discard them when signing out?`,
    signOutBlocked: (n) => `Not signed out: ${n} entries still wait.`,
    signOutNeedsNetwork: "Signing out needs a connection so that the sign-in also ends on the server. Please connect.",
    cached: (n) => `${n} pages available offline`,
    persisted: (yes) => (yes ? "Storage persistent" : "Storage not guaranteed to persist"),
  },
};

export const t = texts[document.documentElement.lang] || texts.de;

export function reasonText(item) {
  const base = t.reasons[item.reason] || item.reason;
  if (!item.field) return base;
  const [head, index] = item.field.split("."); // "items.3.amount_cents": the 4th entry of a list
  const name = t.fields[item.field] || t.fields[head] || item.field;
  return `${base}: ${name}${/^\d+$/.test(index || "") ? ` (${Number(index) + 1})` : ""}`;
}
