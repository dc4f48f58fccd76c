"""The Helm chart lints and renders with Helm's own code (helm-python-sdk embeds the Helm library)."""

from __future__ import annotations

import helm_python  # noqa: E402
import pytest
import yaml

from tests.conftest import ROOT  # noqa: E402

CHART = ROOT / "helm" / "amif-hub"


def _values(name: str) -> dict:
    return yaml.safe_load((CHART / "ci" / name).read_text(encoding="utf-8"))


def _render(values: dict) -> list[dict]:
    chart = helm_python.Chart.load(str(CHART))
    rendered = chart.render(values, name="amif", namespace="amif")
    documents = []
    for path, text in rendered.items():
        if path.endswith((".yaml", ".yml")):
            documents.extend(d for d in yaml.safe_load_all(text) if d)
    return documents


@pytest.mark.parametrize("values", ["default-values.yaml", "production-values.yaml"])
def test_chart_lints_strictly(values):
    result = helm_python.lint(str(CHART), _values(values), strict=True)
    assert not result.get("errors"), result


def test_chart_has_web_worker_scheduler_and_a_migration_hook():
    documents = _render(_values("default-values.yaml"))
    by_component = {}
    for d in documents:
        component = d.get("metadata", {}).get("labels", {}).get("app.kubernetes.io/component")
        by_component.setdefault((d["kind"], component), d)
    for component in ("web", "worker", "scheduler"):
        assert ("Deployment", component) in by_component, component
    job = by_component[("Job", "migration")]
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    command = " ".join(
        " ".join(c.get("command", []) + c.get("args", [])) for c in job["spec"]["template"]["spec"]["containers"]
    )
    assert "amif db upgrade" in command
    web = by_component[("Deployment", "web")]["spec"]["template"]["spec"]
    probes = web["containers"][0]
    assert probes["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert probes["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert web["securityContext"]["runAsNonRoot"] is True


def test_chart_refuses_to_render_without_a_secret_key():
    with pytest.raises(helm_python.HelmError, match="secretKey"):
        _render({})


def test_each_tenants_participant_key_reaches_the_pods_from_the_secret():
    """The participant register's HMAC key per tenant (service/participants/keys.py) is held outside the
    database: in the chart's Secret (or an existingSecret), handed to web, worker and scheduler by name."""
    values = {**_values("default-values.yaml")}
    values["secret"] = {**values.get("secret", {}), "participantKeys": {"se": "ab" * 32, "fi": "cd" * 32}}
    documents = _render(values)
    [secret] = [  # the runtime Secret (the migration Job's hook Secret holds the owner's URL instead)
        d
        for d in documents
        if d["kind"] == "Secret" and "SECRET_KEY" in d.get("data", {}) and "MIGRATION_DATABASE_URL" not in d["data"]
    ]
    assert {"AMIF_PARTICIPANT_KEY_SE", "AMIF_PARTICIPANT_KEY_FI"} <= set(secret["data"])
    for deployment in (d for d in documents if d["kind"] == "Deployment"):
        env = {e["name"]: e for e in deployment["spec"]["template"]["spec"]["containers"][0].get("env", [])}
        for code in ("SE", "FI"):
            reference = env[f"AMIF_PARTICIPANT_KEY_{code}"]["valueFrom"]["secretKeyRef"]
            assert reference["key"] == f"AMIF_PARTICIPANT_KEY_{code}"
            assert reference["name"] == secret["metadata"]["name"]
