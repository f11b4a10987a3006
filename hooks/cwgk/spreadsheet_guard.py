"""Spreadsheets never go into the repository: the finance office's sheets hold birth dates,
准考证号 and other personal data that the records leave out. `.gitignore` keeps `git add .` from
taking them; `cwgk check` (and so the pre-commit hook) refuses one added anyway (`git add -f`,
a GUI client's "stage all")."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .problems import Problem

SUFFIXES = ("xlsx", "xlsm", "xls", "csv", "et", "ods")  # Excel, WPS, LibreOffice, CSV


def staged_spreadsheets(root: Path) -> list[Problem]:
    """Every spreadsheet in git's index (staged for the next commit, or committed before)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--", *(f":(icase)*.{s}" for s in SUFFIXES)],
            cwd=root,
            capture_output=True,
            check=False,
        )
    except OSError:  # no git on this machine: nothing can be committed either
        return []
    if listed.returncode != 0:  # not a git repository
        return []
    names = [n for n in listed.stdout.decode("utf-8", errors="replace").split("\0") if n]
    return [
        Problem(
            file=name,
            message="表格文件已加入 git，提交后所有能访问仓库的人都能看到；表格中常有出生年月、"
            "准考证号等个人信息，不得提交",
            expected=f'git rm --cached "{name}"（只从仓库中移出，电脑上的文件保留）；'
            "表格放在项目文件夹以外，用 cwgk import 导入即可。已经提交过的，请管理员从历史中清除",
        )
        for name in names
    ]
