"""The three ways from a push to the web server, each run for real on a small project:
the post-receive hook on a local bare repository end to end, and the GitLab CI job and the
Gitea/Forgejo workflow parsed, checked for full history and a kept cache, their commands run in
order in a fresh clone (the virtual environment, which their first step would install, is ours).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from git_repo import Repo
from record_samples import copy_site_skeleton

ROOT = Path(__file__).resolve().parents[1]
HOOK = ROOT / "deploy" / "git" / "post-receive"
GITLAB = ROOT / "deploy" / "gitlab-ci.yml"
FORGEJO = ROOT / "deploy" / "forgejo" / "publish.yml"
SETUP = "bash scripts/setup.sh"  # the step the test provides instead: our .venv
STEPS = [
    SETUP,
    ".venv/bin/cwgk check",
    '.venv/bin/cwgk build --previous "$CWGK_DEST/current"',
    '.venv/bin/cwgk publish "$CWGK_DEST" --keep "$CWGK_KEEP"',
]
BAD = """\
类型: 通知公告
索引号: GH/2026-00091
标题: 一条写错了的通知
发布机构: [公司工会]
发布日期: 2026-13-40
内容概述: 日期写错了。
正文: 正文。
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A small project in git: the site skeleton, the notices of the demo data, .gitignore."""
    root = tmp_path_factory.mktemp("project") / "cwgk"
    copy_site_skeleton(root)
    shutil.copytree(ROOT / "data" / "notice", root / "data" / "notice")
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    (root / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup.sh", root / "scripts" / "setup.sh")
    Repo(root).commit("网站和通知", "2026-11-20T09:00:00+08:00")
    return root


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout + done.stderr


def test_post_receive_hook_publishes_each_push_and_keeps_the_site_on_a_bad_one(project, tmp_path):
    bare, dest, work = tmp_path / "cwgk.git", tmp_path / "srv" / "cwgk", tmp_path / "srv" / "work"
    git("init", "-q", "--bare", "-b", "main", str(bare), cwd=tmp_path)
    shutil.copy(HOOK, bare / "hooks" / "post-receive")
    assert os.access(bare / "hooks" / "post-receive", os.X_OK)
    for key, value in (("dest", dest), ("work", work), ("keep", "3")):
        git("config", f"cwgk.{key}", str(value), cwd=bare)
    pusher = tmp_path / "clerk"
    git("clone", "-q", str(project), str(pusher), cwd=tmp_path)
    repo = Repo.existing(pusher)
    repo.git("config", "user.name", "工会 小王")
    repo.git("config", "user.email", "gonghui@example.cn")
    repo.git("remote", "add", "server", str(bare))
    env = {**os.environ, "CWGK": str(ROOT / ".venv" / "bin" / "cwgk")}  # the server's venv

    said = git("push", "-q", "server", "main", cwd=pusher, env=env)
    assert "已发布：" in said, said
    first = os.readlink(dest / "current")
    assert (dest / "current" / "records" / "gh-2026-00014" / "index.html").is_file()
    assert (work / ".cache" / "cwgk").is_dir()  # kept in the server's clone for the next push
    served = files(dest / "current")

    repo.write("data/notice/2026-wrong.yaml", BAD)
    repo.commit("一条写错的通知", "2026-11-21T09:00:00+08:00")
    said = git("push", "-q", "server", "main", cwd=pusher, env=env)
    assert "remote: data/notice/2026-wrong.yaml" in said and "2026-13-40" in said, said
    assert "网站没有更新" in said and "已发布" not in said
    assert os.readlink(dest / "current") == first and files(dest / "current") == served

    said = git("push", "-q", "server", "HEAD:refs/heads/draft", cwd=pusher, env=env)
    assert "网站不变" in said  # only main is published

    repo.git("rm", "-q", "data/notice/2026-wrong.yaml")
    repo.commit("删去写错的通知", "2026-11-21T10:00:00+08:00")
    said = git("push", "-q", "server", "main", cwd=pusher, env=env)
    assert "已发布：" in said and f"上一版 {Path(first).name} 仍保留" in said, said
    assert os.readlink(dest / "current") != first
    assert git("log", "-1", "--format=%s", cwd=work).strip() == "删去写错的通知"


def gitlab_job() -> tuple[dict[str, str], list[str]]:
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    variables = {k: str(v) for k, v in config["variables"].items()}
    assert variables["GIT_DEPTH"] == "0"  # full history
    job = config["cwgk-publish"]
    assert ".cache/cwgk/" in job["cache"]["paths"]  # kept between runs
    assert job["stage"] in config["stages"] and job["resource_group"]
    return variables, job["script"]


def forgejo_job() -> tuple[dict[str, str], list[str]]:
    config = yaml.safe_load(FORGEJO.read_text(encoding="utf-8"))
    trigger = config.get("on", config.get(True))  # YAML 1.1 reads the key `on` as true
    assert trigger == {"push": {"branches": ["main"]}}
    job = config["jobs"]["publish"]
    uses = {s["uses"].split("@")[0]: s.get("with", {}) for s in job["steps"] if "uses" in s}
    assert uses["actions/checkout"]["fetch-depth"] == 0  # full history
    assert ".cache/cwgk" in uses["actions/cache"]["path"]  # kept between runs
    return {k: str(v) for k, v in job["env"].items()}, [
        s["run"] for s in job["steps"] if "run" in s
    ]


def test_ci_jobs_run_their_commands_in_order_on_a_full_clone(project, tmp_path):
    """Both files hold the same commands (asserted), so the list is run once, as GitLab sets it."""
    (variables, steps), (forgejo_env, forgejo_steps) = gitlab_job(), forgejo_job()
    assert steps == forgejo_steps == STEPS  # set up, check, build, publish: in this order
    assert set(forgejo_env) == {"CWGK_DEST", "CWGK_KEEP"} <= set(variables)
    clone = tmp_path / "checkout"
    git("clone", "-q", str(project), str(clone), cwd=tmp_path)  # what fetch depth 0 gives
    (clone / ".venv").symlink_to(ROOT / ".venv")
    dest = tmp_path / "srv" / "cwgk"
    env = {**os.environ, **variables, "CWGK_DEST": str(dest)}
    for step in steps:
        if step == SETUP:
            continue
        done = subprocess.run(
            ["bash", "-eo", "pipefail", "-c", step],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, f"{step}\n{done.stdout}\n{done.stderr}"
    assert "已发布：" in done.stdout
    assert (clone / ".cache" / "cwgk").is_dir()
    assert files(dest / "current") == files(clone / "site")  # published as built

    # The next push, in a fresh checkout as a CI runner makes it: unchanged pages are taken from
    # the release being served.
    origin = tmp_path / "origin"
    git("clone", "-q", str(project), str(origin), cwd=tmp_path)
    record = next((origin / "data").rglob("*.yaml"))
    record.write_text(
        record.read_text("utf-8").replace("内容概述: ", "内容概述: 现", 1), encoding="utf-8"
    )
    when = "2026-11-21T09:00:00+08:00"
    dated = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    git("-c", "user.name=工会", "-c", "user.email=gh@example.cn", "commit", "-qam", "文字修改",
        cwd=origin, env=dated)  # fmt: skip
    again = tmp_path / "checkout-2"
    git("clone", "-q", str(origin), str(again), cwd=tmp_path)
    (again / ".venv").symlink_to(ROOT / ".venv")
    build = next(step for step in steps if " build" in step)
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", build], cwd=again, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "沿用上次的" in done.stdout, done.stdout
