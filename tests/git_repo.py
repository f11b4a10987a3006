"""Throwaway git repositories with scripted, dated histories for the history tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class Repo:
    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "工会 小王")
        self.git("config", "user.email", "gonghui@example.cn")
        self.git("config", "commit.gpgsign", "false")

    @classmethod
    def existing(cls, root: Path) -> Repo:
        repo = cls.__new__(cls)
        repo.root = root
        return repo

    def git(self, *args: str, when: str | None = None) -> str:
        env = dict(os.environ)
        if when:  # "2025-03-02T10:00:00+08:00"
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    def write(self, path: str, text: str) -> Path:
        file = self.root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
        return file

    def commit(self, message: str, when: str, *paths: str) -> str:
        self.git("add", "-A", *paths)
        self.git("commit", "-q", "--allow-empty", "-m", message, when=when)
        return self.git("rev-parse", "HEAD")
