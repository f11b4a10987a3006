def test_paths_are_shown_as_pathlib_shows_them(tmp_path):
    """display_path's string shortcut gives what pathlib's relative_to gives, and falls back to it
    for anything it would not give back as it is."""
    from pathlib import Path

    from cwgk.problems import display_path

    root = tmp_path / "项目"
    for name in ["data/a.yaml", "data/部门/2024 年/b.yml", "x.yaml", "data/./c.yaml",
                 "data/../d.yaml", "data//e.yaml"]:  # fmt: skip
        path = Path(f"{root}/{name}")
        assert display_path(path, root) == path.absolute().relative_to(root).as_posix(), name
    assert (
        display_path(tmp_path / "elsewhere.yaml", root) == (tmp_path / "elsewhere.yaml").as_posix()
    )
    assert display_path(Path(f"{root}/"), root) == "."
