"""What a partner may receive of the claims, through consent's fixed map (cases/disclosed.py):
under "status", that an authority committed to take over the arrears — the date and the amount,
nothing of the household's finances; under "documents", the photographed documents (kind, date,
pages; the pages themselves only through a route that checks the consent again)."""

from __future__ import annotations

from ..cases import disclosed
from . import documents, store


def commitment(db, case: dict, member_ids: list[str]) -> list[dict]:
    found = []
    for claim in store.of_cases(db, [case["id"]])[case["id"]]:
        if claim["kind"] not in store.TAKEOVERS:
            continue
        found += [{"dated_on": d["notice_dated_on"], "amount_cents": d["amount_granted_cents"]}
                  for d in claim["decisions"] if d["decision"] != "refused" and d["amount_granted_cents"]]
    return sorted(found, key=lambda c: c["dated_on"])


def case_documents(db, case: dict, member_ids: list[str]) -> list[dict]:
    return [{key: d[key] for key in ("id", "claim_id", "kind", "dated_on", "pages")}
            for d in documents.of_case(db, case["id"])]


disclosed.register("commitment", commitment)
disclosed.register("documents", case_documents)
