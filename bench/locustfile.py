"""Locust load script: commissioners using the toolkit at once (run by bench/soak.py).

Each simulated commissioner has a signed-in session prepared by soak.py (logging in
through the form would spend the run on password hashing) and an assessment of their
own. They browse and search the knowledge base, answer assessment questions, view
results and their action plan, work on a business case and ask for PDFs. Every answer
a user saved (a 302 after the POST) is written to a log, so soak.py can check
afterwards that each saved answer is in the database exactly once with the last value.
"""

import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task

SETUP = json.loads(Path(os.environ["SOAK_SETUP"]).read_text())
SAVED_LOG = os.environ["SOAK_SAVED_LOG"]
_saved: list[dict] = []
_uncertain: list[dict] = []
_users = iter(SETUP["users"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ["funding", "awareness infant", "commissioning process", "evidence value", "team"]


class Commissioner(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.me = next(_users)
        self.client.cookies.set("sessionid", self.me["session"])
        self.questions = SETUP["questions"]
        self.factors = SETUP["factors"]

    @task(4)
    def browse_knowledge(self) -> None:
        self.client.get("/knowledge/", name="knowledge list")
        self.client.get(f"/knowledge/{random.choice(self.factors)}/", name="factor page")

    @task(2)
    def search_knowledge(self) -> None:
        query = random.choice(SEARCHES).replace(" ", "+")
        self.client.get(f"/knowledge/?q={query}&kind=barrier", name="knowledge search")

    @task(6)
    def answer_question(self) -> None:
        section, code = random.choice(self.questions)
        url = f"/assessments/{self.me['assessment']}/{section}/{code}/"
        page = self.client.get(url, name="question page")
        # Production sets the CSRF cookie "Secure"; over loopback HTTP the client would
        # not send it back, so copy it into a plain cookie for this host.
        if "csrftoken" in page.cookies:
            self.client.cookies.set("csrftoken", page.cookies["csrftoken"])
        match = CSRF.search(page.text or "")
        if not match:
            return
        rating = random.randint(0, 4)
        # Logged as uncertain before it is sent: if the run stops while the request is in
        # flight, the server may still store it after this user has gone, so either
        # value is then acceptable. A 302 moves it to the saved answers.
        record = {"user": self.me["email"], "question": code, "rating": rating, "at": time.time()}
        _uncertain.append(record)
        with self.client.post(
            url,
            {"csrfmiddlewaretoken": match.group(1), "rating": str(rating), "note": "load test"},
            headers={"Referer": self.client.base_url + url},
            allow_redirects=False,
            name="answer question",
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                _uncertain.remove(record)
                _saved.append(record)
                response.success()
            else:
                # The request failed (for example during a database restart): the answer
                # may or may not have been stored, so either value is acceptable.
                response.failure(f"status {response.status_code}")

    @task(2)
    def view_results(self) -> None:
        self.client.get(f"/assessments/{self.me['assessment']}/results/", name="results")
        self.client.get(f"/assessments/{self.me['assessment']}/plan/", name="action plan")

    @task(2)
    def work_on_case(self) -> None:
        if not self.me.get("case"):
            return
        self.client.get(f"/cases/{self.me['case']}/", name="case tasks")
        self.client.get(f"/cases/{self.me['case']}/results/", name="case results")

    @task(1)
    def request_pdf(self) -> None:
        # Asking for a PDF enqueues it (or serves it from cache); the web worker never
        # renders it, so a burst of downloads does not block pages.
        self.client.get(
            f"/assessments/{self.me['assessment']}/results.pdf", name="results PDF request"
        )


@events.test_stop.add_listener
def write_log(**_: object) -> None:
    Path(SAVED_LOG).write_text(json.dumps({"saved": _saved, "uncertain": _uncertain}))
