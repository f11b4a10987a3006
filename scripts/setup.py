"""Set up (or update) the project's virtual environment with only Python: for Windows, where
scripts/setup.sh (bash) does not run. Usage, in the project folder:

    py scripts\\setup.py          (Windows)      python3 scripts/setup.py      (elsewhere)
    … setup.py dev               adds the test tools (the browser tests need Linux: see README)

Then every staff command is `.venv\\Scripts\\cwgk …` (Windows) or `.venv/bin/cwgk …`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def venv_python(root: Path, windows: bool) -> Path:
    return root / ".venv" / ("Scripts/python.exe" if windows else "bin/python")


def commands(root: Path, windows: bool, dev: bool) -> list[list[str]]:
    """The pip commands, in order, that install the pinned dependencies and the project."""
    python = str(venv_python(root, windows))
    reqs = "requirements-dev.txt" if dev else "requirements.txt"
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    return [[*pip, "-r", str(root / reqs)], [*pip, "--no-deps", "-e", str(root)]]


# `cwgk 张贴` (the PDF for the 公开栏) needs Pango, which pip cannot install: said, not fatal.
PANGO_HINT = (
    "提示：生成张贴用 PDF 的命令（cwgk 张贴）还需要排版程序 Pango，其他命令不受影响。安装方法：从 msys2.org "
    "安装 MSYS2（位置保持默认的 C:\\msys64），在开始菜单打开“MSYS2 UCRT64”，运行 "
    "pacman -S mingw-w64-ucrt-x86_64-pango（详见操作手册“打印张贴到公开栏”）。"
)
PANGO_HINT_POSIX = (
    "提示：生成张贴用 PDF 的命令（cwgk 张贴）还需要 Pango：运行 bash scripts/setup.sh，"
    "或 sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk。"
)


def pdf_ready(python: Path) -> bool:
    """WeasyPrint loads (Pango and its libraries found)."""
    done = subprocess.run([str(python), "-c", "import weasyprint"], capture_output=True)
    return done.returncode == 0


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - run by whatever Python the office has
        print("需要 Python 3.11 或更新的版本：请从 python.org 安装后重试。", file=sys.stderr)
        return 1
    windows = os.name == "nt"
    dev = argv[:1] == ["dev"]
    if not venv_python(ROOT, windows).exists():
        print("正在建立 .venv …")
        venv.create(ROOT / ".venv", with_pip=True)
    for command in commands(ROOT, windows, dev):
        print("正在安装依赖 …" if "-r" in command else "正在安装本项目 …")
        if subprocess.run(command).returncode != 0:
            print("安装失败：请检查网络（或 pip 的镜像设置）后重新运行本命令。", file=sys.stderr)
            return 1
    if not pdf_ready(venv_python(ROOT, windows)):
        print(PANGO_HINT if windows else PANGO_HINT_POSIX)
    cwgk = r".venv\Scripts\cwgk" if windows else ".venv/bin/cwgk"
    print(f"安装完成。以后在项目文件夹中运行 {cwgk} check 等命令（{cwgk} -h 显示全部命令）。")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
