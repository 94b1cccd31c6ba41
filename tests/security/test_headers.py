"""Response headers: a Content-Security-Policy without inline scripts, frame denial, no
sniffing, a referrer policy; HSTS and `check --deploy` in production settings."""

import os
import re
import subprocess
import sys

import pytest
from django.urls import reverse

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7#Kq2!vLr9@pZt4&Wm8^Ns3*Hd6(Fb1)Jc5-Gy0+Ux2=Ea7?Ro4<Ti9>Sl3~Vk8",
    "ALLOWED_HOSTS": "samvaer.guldborgsund.dk",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


@pytest.mark.parametrize("url_name", ["frontend:home", "frontend:login", "admin:login"])
def test_pages_carry_a_strict_policy_and_the_other_headers(client, db, url_name):
    response = client.get(reverse(url_name))
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_map_tiles_are_the_only_other_origin(client, db, settings):
    policy = _policy(client.get(reverse("frontend:home")))
    assert "https://tile.openstreetmap.org" in policy["img-src"]
    others = [s for d in policy.values() for s in d if s.startswith("http")]
    assert others == ["https://tile.openstreetmap.org"]


@pytest.mark.parametrize("url_name", ["frontend:home", "frontend:login", "frontend:about"])
def test_our_pages_have_no_inline_scripts_styles_or_handlers(client, db, url_name):
    html = client.get(reverse(url_name)).content.decode()
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in script or 'type="application/json"' in script, script
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_api_docs_page_runs_its_script_from_a_file(client, db):
    response = client.get(reverse("docs"))
    html = response.content.decode()
    policy = _policy(response)
    # The one relaxation: Swagger UI's inline <style> block, on this page only.
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert not re.search(r"<script>", html)
    script_url = re.search(r'<script src="([^"]*script=[^"]*)"', html).group(1)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
    # The sidecar's bundle comes from our own static files, not a CDN.
    assert re.search(r'<script src="/static/drf_spectacular_sidecar/', html)


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    # The browser tests allow async-unsafe ORM calls in this process and the suite runs
    # with HTTPS=0; production has neither.
    unset = {"DJANGO_ALLOW_ASYNC_UNSAFE", "HTTPS"}
    inherited = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**inherited, **env},
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_without_https():
    # The test above must be able to fail: the same check without HTTPS=1 complains.
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, "HTTPS": "0"}
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout
