"""Static files are addressed by their content and kept by the browser while it stays."""

import re

from app.core.assets import YEAR, StaticVersions


def test_pages_link_static_files_with_their_version(client):
    page = client.get("/").get_data(as_text=True)
    links = re.findall(r'"(/static/[^"?]+)\?v=([0-9a-f]{16})"', page)
    assert any(path.endswith(".css") for path, _ in links)
    for path, version in links:
        response = client.get(f"{path}?v={version}")
        assert response.status_code == 200
        assert response.cache_control.max_age == YEAR


def test_only_the_current_version_is_kept_long(client):
    page = client.get("/").get_data(as_text=True)
    path, version = re.search(r'"(/static/css/[^"?]+)\?v=([0-9a-f]+)"', page).groups()
    for asked in ("", "?v=", "?v=0000000000000000", f"?v={version}x"):
        response = client.get(path + asked)
        assert response.status_code == 200
        assert response.cache_control.max_age is None and response.cache_control.no_cache


def test_a_changed_file_gets_a_new_version(tmp_path):
    (tmp_path / "css").mkdir()
    sheet = tmp_path / "css" / "app.css"
    sheet.write_text("body { color: black; }")
    versions = StaticVersions(str(tmp_path))
    first = versions.of("css/app.css")
    assert first == versions.of("css/app.css")
    sheet.write_text("body { color: navy; }  ")
    assert versions.of("css/app.css") not in (None, first)


def test_no_version_outside_the_folder_or_for_missing_files(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "secret.txt").write_text("x")
    versions = StaticVersions(str(tmp_path / "static"))
    assert versions.of("../secret.txt") is None
    assert versions.of("missing.css") is None
    assert versions.of("") is None
