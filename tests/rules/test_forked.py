"""kb check's documents checked in two processes: the same findings, in the same order, as in one."""

import os
from functools import cached_property

import pytest
from kbsite.rules.forked import MINIMUM, findings_in_two

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork does not exist here: one process checks")


class Document:
    def __init__(self, number: int):
        self.number = number

    @cached_property
    def outline(self):
        return ("outline", self.number, os.getpid())


def test_half_the_documents_are_checked_by_a_forked_copy_with_the_same_results():
    documents = [Document(number) for number in range(MINIMUM + 1)]
    found = findings_in_two(documents, lambda d: [f"finding {d.number}", os.getpid()])
    assert [findings[0] for findings in found] == [f"finding {n}" for n in range(len(documents))]
    assert {findings[1] for findings in found[1::2]} == {documents[1].outline[2]} != {os.getpid()}
    assert {findings[1] for findings in found[0::2]} == {os.getpid()}
    assert all("outline" in document.__dict__ for document in documents[1::2])  # sent back with the findings


def test_what_the_copy_fails_to_check_is_checked_here():
    parent = os.getpid()

    def findings(document):
        if os.getpid() != parent:
            raise RuntimeError("the copy fails")
        return [document.number]

    documents = [Document(number) for number in range(MINIMUM + 1)]
    assert findings_in_two(documents, findings) == [[n] for n in range(len(documents))]


def test_a_few_documents_are_checked_in_one_process():
    documents = [Document(number) for number in range(3)]
    assert {pid for [pid] in findings_in_two(documents, lambda d: [os.getpid()])} == {os.getpid()}
