"""A milvus-lite server (the Milvus protocol in one local process) for tests and benchmarks: started
on 127.0.0.1 on a free port, waited for, stopped by PID; kill() and start() again on the same port
and data folder behave like a crash and a restart."""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def executable() -> Path | None:
    exe = Path(sys.executable).parent / "milvus-lite"
    return exe if exe.exists() else None


class MilvusLite:
    def __init__(self, data_dir, port: int | None = None):
        self.exe = executable()
        if self.exe is None:
            raise FileNotFoundError("milvus-lite is not installed (pip install 'milvus-lite==3.2.2')")
        self.data_dir, self.port = Path(data_dir), port or free_port()
        self.uri = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, wait: float = 60.0) -> "MilvusLite":
        self.proc = subprocess.Popen([str(self.exe), "server", "--data-dir", str(self.data_dir), "--host", "127.0.0.1",
                                      "--port", str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"milvus-lite server exited with {self.proc.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError("milvus-lite server did not start")

    def rss_mb(self) -> float | None:
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except (OSError, AttributeError):
            return None
        line = next((ln for ln in status.splitlines() if ln.startswith("VmRSS:")), None)
        return round(int(line.split()[1]) / 1024, 1) if line else None

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
