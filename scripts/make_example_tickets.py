#!/usr/bin/env python3
"""Writes examples/data/tickets.jsonl and examples/data/banking77-queues.json.

The tickets are a deterministic sample of the Banking77 dev split
(../shared/data/banking77/dev.jsonl, CC BY 4.0, PolyAI / Casanueva et al.
2020): for every intent, the two tickets whose ids hash lowest, then the
lowest-hashing remaining tickets up to 200. Their text and intent label are
kept; label_queue is filled in from the intent -> queue grouping below (the
grouping is ours, not part of the data). A few hand-written tickets follow,
showing what Banking77 lacks: subjects, channels, nested customer fields,
non-English text, a card number typed into the body.

Usage: scripts/make_example_tickets.py [PATH-TO-dev.jsonl]
"""
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_SOURCE = os.path.join(ROOT, "..", "shared", "data", "banking77", "dev.jsonl")
OUT_DIR = os.path.join(ROOT, "examples", "data")
SAMPLE_SIZE = 200
PER_INTENT = 2
SALT = "libtriage-example-v1:"

# The six queues of examples/rules/support.yaml and the intents each serves.
QUEUES = {
    "cards": [
        "activate_my_card", "apple_pay_or_google_pay", "card_about_to_expire",
        "card_acceptance", "card_arrival", "card_delivery_estimate", "card_linking",
        "card_not_working", "change_pin", "contactless_not_working",
        "declined_card_payment", "disposable_card_limits", "get_disposable_virtual_card",
        "get_physical_card", "getting_spare_card", "getting_virtual_card",
        "order_physical_card", "pending_card_payment", "pin_blocked",
        "reverted_card_payment?", "virtual_card_not_working",
    ],
    "transfers": [
        "balance_not_updated_after_bank_transfer", "beneficiary_not_allowed",
        "cancel_transfer", "declined_transfer", "failed_transfer", "pending_transfer",
        "receiving_money", "transfer_into_account", "transfer_not_received_by_recipient",
        "transfer_timing",
    ],
    "cash": [
        "atm_support", "automatic_top_up", "balance_not_updated_after_cheque_or_cash_deposit",
        "card_swallowed", "declined_cash_withdrawal", "pending_cash_withdrawal",
        "pending_top_up", "top_up_by_cash_or_cheque", "top_up_failed", "top_up_limits",
        "top_up_reverted", "topping_up_by_card", "verify_top_up",
        "wrong_amount_of_cash_received",
    ],
    "account-security": [
        "age_limit", "card_payment_not_recognised", "cash_withdrawal_not_recognised",
        "compromised_card", "direct_debit_payment_not_recognised", "edit_personal_details",
        "lost_or_stolen_card", "lost_or_stolen_phone", "passcode_forgotten",
        "terminate_account", "unable_to_verify_identity", "verify_my_identity",
        "verify_source_of_funds", "why_verify_identity",
    ],
    "fees-refunds": [
        "Refund_not_showing_up", "card_payment_fee_charged", "card_payment_wrong_exchange_rate",
        "cash_withdrawal_charge", "exchange_charge", "extra_charge_on_statement",
        "request_refund", "top_up_by_bank_transfer_charge", "top_up_by_card_charge",
        "transaction_charged_twice", "transfer_fee_charged",
        "wrong_exchange_rate_for_cash_withdrawal",
    ],
    "general": [
        "country_support", "exchange_rate", "exchange_via_app", "fiat_currency_support",
        "supported_cards_and_currencies", "visa_or_mastercard",
    ],
}
QUEUE_OF = {intent: q for q, intents in QUEUES.items() for intent in intents}

HAND_WRITTEN = [
    {"id": "demo-001", "subject": "URGENT: card stolen on the train",
     "body": "Someone took my wallet this morning. Please block my card right now!",
     "channel": "phone", "language": "en",
     "customer": {"id": "C-1042", "plan": "metal", "vip": True},
     "label_category": "lost_or_stolen_card", "label_queue": "account-security",
     "label_priority": "urgent"},
    {"id": "demo-002", "subject": "Charged twice at the supermarket",
     "body": "The same payment of £42.10 shows up two times in the app.",
     "channel": "email", "language": "en", "customer": {"plan": "standard", "vip": False},
     "tags": ["payments", "statement"],
     "label_category": "transaction_charged_twice", "label_queue": "fees-refunds",
     "label_priority": "normal"},
    {"id": "demo-003", "subject": "Karte gesperrt",
     "body": "Ich habe meine PIN dreimal falsch eingegeben und jetzt ist die Karte gesperrt.",
     "channel": "chat", "language": "de", "customer": {"plan": "standard"},
     "label_category": "pin_blocked", "label_queue": "cards", "label_priority": "normal"},
    {"id": "demo-004", "subject": "Virement non reçu",
     "body": "J'ai fait un virement SEPA il y a trois jours et mon ami ne l'a pas reçu.",
     "channel": "email", "language": "fr",
     "label_category": "transfer_not_received_by_recipient", "label_queue": "transfers",
     "label_priority": "normal"},
    {"id": "demo-005", "subject": "top-up",
     "body": "Is this my card? 4111 1111 1111 1111 - the top-up with it failed twice.",
     "channel": "chat", "language": "en", "customer": {"plan": "premium", "vip": True},
     "label_category": "top_up_failed", "label_queue": "cash", "label_priority": "high"},
    {"id": "demo-006", "subject": "", "body": "Hello, is anyone there?", "channel": "chat",
     "language": "en", "label_category": None, "label_queue": "general",
     "label_priority": "normal"},
    {"id": "demo-007", "subject": "Payment I never made",
     "body": "There is a direct debit of 89.99 EUR to a gym I have never heard of.",
     "channel": "email", "language": "en", "customer": {"plan": "standard", "vip": False},
     "label_category": "direct_debit_payment_not_recognised",
     "label_queue": "account-security", "label_priority": "high"},
    {"id": "demo-008", "subject": "Tarjeta virtual",
     "body": "¿Puedo usar una tarjeta virtual con Apple Pay en España?",
     "channel": "chat", "language": "es",
     "label_category": "apple_pay_or_google_pay", "label_queue": "cards",
     "label_priority": "normal"},
]


def rank(ticket_id):
    return hashlib.sha256((SALT + ticket_id).encode("utf-8")).hexdigest()


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE
    with open(source, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    missing = sorted({r["label_category"] for r in rows} - set(QUEUE_OF))
    if missing:
        sys.exit("intents without a queue: " + ", ".join(missing))

    rows.sort(key=lambda r: rank(r["id"]))
    chosen, per_intent = [], {}
    for r in rows:
        if per_intent.get(r["label_category"], 0) < PER_INTENT:
            per_intent[r["label_category"]] = per_intent.get(r["label_category"], 0) + 1
            chosen.append(r)
    taken = {r["id"] for r in chosen}
    for r in rows:
        if len(chosen) >= SAMPLE_SIZE:
            break
        if r["id"] not in taken:
            chosen.append(r)
            taken.add(r["id"])
    chosen.sort(key=lambda r: r["id"])

    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, "tickets.jsonl"), "w", encoding="utf-8") as out:
        for r in chosen:
            r = dict(r, label_queue=QUEUE_OF[r["label_category"]])
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
        for r in HAND_WRITTEN:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(OUT_DIR, "banking77-queues.json"), "w", encoding="utf-8") as out:
        json.dump({q: sorted(v) for q, v in QUEUES.items()}, out, indent=2)
        out.write("\n")
    print(f"{len(chosen)} sampled + {len(HAND_WRITTEN)} hand-written tickets")


if __name__ == "__main__":
    main()
