"""The folder watch outlives its watcher's errors (issue #46, break 3): a file name that is not UTF-8
made the Rust watcher raise and the watch thread end for good, while the status still said watching."""
import os
import threading
import time

from qa import watch


class Report:
    changed, warnings, added, updated, removed = True, [], ["a.txt"], [], []


def wait_for(condition, seconds=15.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end and not condition():
        time.sleep(0.05)
    return condition()


def test_an_undecodable_file_name_is_skipped_and_the_watch_goes_on(tmp_path, caplog):
    builds = []
    state, stop = watch.WatchState(), threading.Event()
    thread = threading.Thread(target=watch.follow, args=([tmp_path], lambda: builds.append(1) or Report(), stop),
                              kwargs={"state": state}, daemon=True)
    thread.start()
    assert wait_for(lambda: state.state == "watching")
    time.sleep(0.5)
    (tmp_path / "first.txt").write_text("A first article about the harbour bridge and its cost.")
    assert wait_for(lambda: len(builds) >= 1)
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), "wb") as f:
        f.write(b"An article whose name is not UTF-8.")
    assert wait_for(lambda: state.restarts >= 1 and state.state == "watching")
    assert state.skipped_names == ["b'caf\\xe9.txt'"] and "decode" in state.error
    assert any("not UTF-8: b'caf\\xe9.txt'" in r.getMessage() for r in caplog.records)
    seen = len(builds)
    (tmp_path / "second.txt").write_text("A second article, added after the watcher's error.")
    assert wait_for(lambda: len(builds) > seen), "the watch did not pick up a file after restarting"
    stop.set()
    thread.join(10)
    assert state.state == "stopped"


def test_the_status_line_says_when_the_watch_is_not_running():
    state = watch.WatchState(state="restarting", error="WatchfilesRustInternalError: Unable to decode path")
    assert "failed" in state.line() and "restarting" in state.line()
    assert watch.WatchState(state="watching", restarts=2).line() == "watching the corpus folder (restarted 2×)"
