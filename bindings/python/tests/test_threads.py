"""One Rules object shared by many Python threads."""
import threading
import unittest

import triage

from .support import EXAMPLE_RULES, example_tickets

THREADS = 8


class ThreadsTest(unittest.TestCase):
    def test_eight_threads_same_decisions(self):
        tickets = example_tickets()
        with triage.Rules.from_file(EXAMPLE_RULES) as rules:
            expected = [rules.route(t, explain=True) for t in tickets]
            results = [None] * THREADS
            errors = []
            start = threading.Barrier(THREADS)

            def work(i):
                try:
                    start.wait()
                    out = []
                    for _ in range(3):
                        # Each thread walks the tickets from a different place.
                        order = tickets[i * 7:] + tickets[:i * 7]
                        got = [rules.route(t, explain=True) for t in order]
                        out.append(got[len(tickets) - i * 7:] + got[:len(tickets) - i * 7])
                    results[i] = out
                except BaseException as e:  # reported below
                    errors.append(e)

            threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(errors, [])
            for per_thread in results:
                for got in per_thread:
                    self.assertEqual(got, expected)
            # Each concurrent call had its own scratch space, and no more
            # were made than calls ran at once.
            self.assertLessEqual(len(rules._pool), THREADS)
            self.assertGreaterEqual(len(rules._pool), 1)

    def test_shared_ticket_and_calendar(self):
        rules = triage.Rules.from_file(EXAMPLE_RULES)
        ticket = triage.Ticket(subject="my card was stolen", body="please block it")
        expected = rules.route(ticket)
        cal = triage.Calendar("UTC", hours={"mon-fri": "09:00-17:00"})
        got, errors = [], []

        def work():
            try:
                for _ in range(50):
                    got.append(rules.route(ticket))
                    cal.due(0, 3600)
            except BaseException as e:
                errors.append(e)

        threads = [threading.Thread(target=work) for _ in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(got), 50 * THREADS)
        self.assertTrue(all(d == expected for d in got))
        rules.close()
        ticket.close()
        cal.close()

    def test_close_while_routing(self):
        """Closing under routing threads: each call either completes or
        raises ClosedError; nothing crashes and close waits for the calls."""
        tickets = example_tickets()[:20]
        rules = triage.Rules.from_file(EXAMPLE_RULES)
        outcomes = {"ok": 0, "closed": 0}
        errors = []
        lock = threading.Lock()
        started = threading.Event()

        def work():
            try:
                while True:
                    for t in tickets:
                        rules.route(t)
                        started.set()
                        with lock:
                            outcomes["ok"] += 1
            except triage.ClosedError:
                with lock:
                    outcomes["closed"] += 1
            except BaseException as e:
                errors.append(e)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        started.wait(10)
        rules.close()
        for t in threads:
            t.join(10)
        self.assertEqual(errors, [])
        self.assertEqual(outcomes["closed"], 4)
        self.assertGreater(outcomes["ok"], 0)
        self.assertEqual(rules._pool, [])


if __name__ == "__main__":
    unittest.main()
