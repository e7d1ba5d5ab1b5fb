#!/usr/bin/env python3
"""The three descriptions of the stack agree: docker-compose.yml, the local stack (scripts/stack
and nginx/) and the Kubernetes manifests (deploy/k8s/).

Checks service names, ports, the URLs that wire the services together, and the SSS_* variables
each role gets; that every such variable is a real setting of its role (`sss-daemon <role>
--help`, when SSS_DAEMON_BIN or target/*/sss-daemon exists); and the rules every description
keeps (health checks, probes, limits, non-root, only public routes through nginx and the Ingress).

Needs PyYAML (scripts/test-deploy runs it in a venv that has it).

    python3 tests/deploy/consistency.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "deploy" / "k8s"

SERVICES = {"nginx", "api", "poller", "catalog", "redis", "mongodb"}
DAEMONS = {"api", "poller", "catalog"}
# The ports of ARCHITECTURE.md, "The services": host:container ports in Compose.
COMPOSE_PORTS = {
    "nginx": (8088, 80),
    "mongodb": (27018, 27017),
    "redis": (6379, 6379),
    "api": (5000, 3000),
    "poller": (3000, 3000),
    "catalog": (4000, 3000),
}
# The port each service listens on inside its container / pod.
CONTAINER_PORT = {name: ports[1] for name, ports in COMPOSE_PORTS.items()}
# The variables that wire one service to another, and where they must point.
WIRING = {
    "SSS_REDIS_URL": ("redis", "redis"),
    "SSS_MONGO_URL": ("mongodb", "mongodb"),
    "SSS_POLLER_URL": ("http", "poller"),
    "SSS_UPSTREAM_URL": ("http", "catalog"),
}

failures: list[str] = []
passes = 0


def check(cond: bool, message: str) -> None:
    global passes
    if cond:
        passes += 1
    else:
        failures.append(message)


def load_all(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def interpolate(value: str) -> str:
    """Compose's `${VAR:-default}` with VAR unset."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", str(value))


def url_target(url: str) -> tuple[str, str, int]:
    m = re.match(r"^(\w+)://([^:/]+):(\d+)", url)
    if not m:
        raise ValueError(f"not a URL with a host and port: {url}")
    return m.group(1), m.group(2), int(m.group(3))


# --- docker-compose.yml ------------------------------------------------------------------------


def compose_facts() -> tuple[dict[str, set[str]], dict[str, dict[str, str]]]:
    doc = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    services = doc["services"]
    check(set(services) == SERVICES, f"compose services {sorted(services)} != {sorted(SERVICES)}")
    env_names: dict[str, set[str]] = {}
    env_values: dict[str, dict[str, str]] = {}
    for name, svc in services.items():
        ports = [interpolate(str(p)) for p in svc.get("ports", [])]
        want = "%d:%d" % COMPOSE_PORTS.get(name, (0, 0))
        check(len(ports) == 1 and ports[0].endswith(want),
              f"compose {name}: ports {ports}, want one ending in {want}")
        check("healthcheck" in svc, f"compose {name}: no healthcheck")
        check(svc.get("restart") in ("unless-stopped", "always"), f"compose {name}: no restart policy")
        for dep, cond in (svc.get("depends_on") or {}).items():
            check(dep in SERVICES, f"compose {name}: depends on unknown {dep}")
            check(cond.get("condition") == "service_healthy",
                  f"compose {name}: depends_on {dep} without condition: service_healthy")
        env = {k: interpolate(v) for k, v in (svc.get("environment") or {}).items()}
        if name in DAEMONS:
            check(svc.get("command") == [name], f"compose {name}: command {svc.get('command')}")
            check(all(k.startswith("SSS_") for k in env), f"compose {name}: a non-SSS_ variable")
            check(env.get("SSS_LISTEN") == f"0.0.0.0:{CONTAINER_PORT[name]}",
                  f"compose {name}: SSS_LISTEN {env.get('SSS_LISTEN')}")
            health = " ".join(svc["healthcheck"]["test"])
            check(f"127.0.0.1:{CONTAINER_PORT[name]}/healthz" in health,
                  f"compose {name}: health check {health} does not probe /healthz")
            env_names[name] = set(env)
            env_values[name] = env
    check(services["mongodb"].get("volumes", [""])[0].split(":")[0] in (doc.get("volumes") or {}),
          "compose mongodb: data not on a named volume")
    check(services["nginx"]["depends_on"].keys() == {"api"}, "compose nginx: must depend on api")
    return env_names, env_values


# --- scripts/stack and nginx/ ------------------------------------------------------------------


def stack_facts() -> dict[str, set[str]]:
    text = (REPO / "scripts" / "stack").read_text()
    m = re.search(r"^NAMES=\(([^)]*)\)", text, re.M)
    check(m is not None, "scripts/stack: no NAMES=(...)")
    names = set(m.group(1).split()) if m else set()
    base = {re.sub(r"-\d+$", "", n) for n in names}
    check(base == SERVICES, f"scripts/stack processes {sorted(names)} are not the services {sorted(SERVICES)}")
    check({n for n in names if n.startswith("api-")} == {"api-1", "api-2"},
          "scripts/stack: two api replicas expected")
    # Every daemon gets SSS_LOG_FORMAT from daemon(); the rest from its arm of launch().
    common = set(re.findall(r"(SSS_[A-Z0-9_]+)=",
                            re.search(r"^daemon\(\) \{.*?^\}", text, re.M | re.S).group(0)))
    launch = re.search(r"^launch\(\) \{.*?^\}", text, re.M | re.S).group(0)
    env_names = {}
    for role, pattern in (("catalog", r"^\s+catalog\)"), ("poller", r"^\s+poller\)"),
                          ("api", r"^\s+api-\*\)")):
        arm = re.search(pattern + r"(.*?);;", launch, re.M | re.S)
        check(arm is not None, f"scripts/stack: no launch arm for {role}")
        found = set(re.findall(r"(SSS_[A-Z0-9_]+)=", arm.group(1))) if arm else set()
        env_names[role] = found | common
    # The nginx includes that the image uses and the stack rewrites.
    upstream = (REPO / "nginx" / "sss" / "upstream-api.conf").read_text()
    servers = re.findall(r"^\s*server\s+(\S+)", upstream, re.M)
    check(servers == [f"api:{CONTAINER_PORT['api']}"], f"nginx/sss/upstream-api.conf servers {servers}")
    listen = re.findall(r"^\s*listen\s+([^;]+);", (REPO / "nginx" / "sss" / "listen.conf").read_text(), re.M)
    check(listen == [str(CONTAINER_PORT["nginx"])], f"nginx/sss/listen.conf listens on {listen}")
    return env_names


def nginx_rules() -> None:
    conf = (REPO / "nginx" / "nginx.conf").read_text()
    proxied = re.findall(r"proxy_pass\s+([^;]+);", conf)
    check(proxied == ["http://api"], f"nginx.conf proxies to {proxied}, want only http://api")
    for loc in ("/internal/", "= /metrics"):
        block = re.search(r"location\s+" + re.escape(loc) + r"\s*\{([^}]*)\}", conf)
        check(block is not None and re.search(r"return\s+40[34]", block.group(1)) is not None,
              f"nginx.conf: location {loc} does not return 403/404")
    for name in ("listen.conf", "upstream-api.conf", "rate-limit.conf"):
        check(f"include sss/{name};" in conf, f"nginx.conf does not include sss/{name}")
    dockerfile = (REPO / "nginx" / "Dockerfile").read_text()
    check("COPY nginx/nginx.conf /etc/nginx/nginx.conf" in dockerfile
          and "COPY nginx/sss/ /etc/nginx/sss/" in dockerfile,
          "nginx/Dockerfile does not ship nginx/nginx.conf and nginx/sss/ as they are")


def dockerfile_rules() -> tuple[int, int]:
    """The daemon image: non-root, the daemons' port; returns (daemon uid, nginx image uid)."""
    daemon = (REPO / "Dockerfile").read_text()
    user = re.search(r"^USER (\d+)", daemon, re.M)
    check(user is not None and user.group(1) != "0", "Dockerfile: no numeric non-root USER")
    check(re.search(rf"^EXPOSE {CONTAINER_PORT['api']}$", daemon, re.M) is not None,
          f"Dockerfile: EXPOSE {CONTAINER_PORT['api']} missing")
    check("--locked --release -p sss-daemon" in daemon or "--release --locked -p sss-daemon" in daemon,
          "Dockerfile: not a locked release build of sss-daemon")
    nginx = (REPO / "nginx" / "Dockerfile").read_text()
    check(re.search(r"^USER nginx$", nginx, re.M) is not None, "nginx/Dockerfile: not USER nginx")
    check(re.search(rf"^EXPOSE {CONTAINER_PORT['nginx']}$", nginx, re.M) is not None,
          "nginx/Dockerfile: EXPOSE 80 missing")
    # The official nginx image's `nginx` user.
    return int(user.group(1)) if user else -1, 101


# --- deploy/k8s --------------------------------------------------------------------------------


def k8s_facts() -> tuple[dict[str, set[str]], dict[str, str]]:
    kustom = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    check(set(kustom["resources"]) == files,
          f"kustomization resources {sorted(kustom['resources'])} != files {sorted(files)}")
    docs = [d for f in sorted(files) for d in load_all(K8S / f)]
    by_kind: dict[str, dict[str, dict]] = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    config = by_kind.get("ConfigMap", {}).get("sss-config", {}).get("data", {})
    secret = by_kind.get("Secret", {}).get("sss-shopstyle", {})
    secret_keys = set((secret.get("stringData") or {}) | (secret.get("data") or {}))

    services = by_kind.get("Service", {})
    check(set(services) == SERVICES, f"k8s Services {sorted(services)} != {sorted(SERVICES)}")
    for name, svc in services.items():
        ports = [p["port"] for p in svc["spec"]["ports"]]
        check(ports == [CONTAINER_PORT.get(name)], f"k8s Service {name}: ports {ports}")

    workloads = {**by_kind.get("Deployment", {}), **by_kind.get("StatefulSet", {})}
    check(set(workloads) == SERVICES, f"k8s workloads {sorted(workloads)} != {sorted(SERVICES)}")
    check(set(by_kind.get("StatefulSet", {})) == {"redis", "mongodb"},
          "k8s: redis and mongodb must be StatefulSets")
    for name in ("redis", "mongodb"):
        sts = by_kind.get("StatefulSet", {}).get(name, {})
        check(bool(sts.get("spec", {}).get("volumeClaimTemplates")), f"k8s {name}: no PVC template")
    hpa = by_kind.get("HorizontalPodAutoscaler", {})
    check([h["spec"]["scaleTargetRef"]["name"] for h in hpa.values()] == ["api"],
          "k8s: one HorizontalPodAutoscaler, for api")

    env_names: dict[str, set[str]] = {}
    for name, w in workloads.items():
        pod = w["spec"]["template"]["spec"]
        check(pod.get("securityContext", {}).get("runAsNonRoot") is True, f"k8s {name}: not runAsNonRoot")
        (c,) = pod["containers"]
        res = c.get("resources", {})
        check(bool(res.get("requests")) and bool(res.get("limits")), f"k8s {name}: no requests/limits")
        check(c.get("securityContext", {}).get("allowPrivilegeEscalation") is False,
              f"k8s {name}: privilege escalation allowed")
        ports = [p["containerPort"] for p in c.get("ports", [])]
        check(ports == [CONTAINER_PORT[name]], f"k8s {name}: container ports {ports}")
        if name in DAEMONS:
            check(c.get("args") == [name], f"k8s {name}: args {c.get('args')}")
            check(c["livenessProbe"]["httpGet"]["path"] == "/healthz", f"k8s {name}: liveness not /healthz")
            check(c["readinessProbe"]["httpGet"]["path"] == "/readyz", f"k8s {name}: readiness not /readyz")
            names = set()
            for e in c.get("env", []):
                names.add(e["name"])
                ref = e.get("valueFrom", {})
                if "configMapKeyRef" in ref:
                    key = ref["configMapKeyRef"]["key"]
                    check(key == e["name"] and key in config, f"k8s {name}: {e['name']} from missing key {key}")
                elif "secretKeyRef" in ref:
                    key = ref["secretKeyRef"]["key"]
                    check(key == e["name"] and key in secret_keys, f"k8s {name}: {e['name']} from missing secret key")
            env_names[name] = names
        else:
            check("livenessProbe" in c and "readinessProbe" in c, f"k8s {name}: probes missing")

    check(config.get("SSS_LISTEN") == "0.0.0.0:3000", f"k8s SSS_LISTEN {config.get('SSS_LISTEN')}")
    check("SSS_SHOPSTYLE_PID" in secret_keys and "SSS_SHOPSTYLE_PID" not in config,
          "k8s: the partner id belongs in the Secret only")

    (ingress,) = by_kind.get("Ingress", {}).values()
    paths = []
    for rule in ingress["spec"]["rules"]:
        for p in rule["http"]["paths"]:
            paths.append(p["path"])
            check(p["backend"]["service"]["name"] == "nginx", f"Ingress {p['path']} goes past nginx")
    check(sorted(paths) == ["/", "/api/"], f"Ingress paths {paths}, want only / and /api/")
    return env_names, config


def role_settings(binary: str | None) -> dict[str, set[str]] | None:
    if not binary:
        return None
    out = {}
    for role in DAEMONS:
        text = subprocess.run([binary, role, "--help"], capture_output=True, text=True,
                              timeout=30, check=True).stdout
        out[role] = set(re.findall(r"\[env: (SSS_[A-Z0-9_]+)[=\]]", text))
    return out


def find_binary() -> str | None:
    env = os.environ.get("SSS_DAEMON_BIN")
    if env:
        return env
    for profile in ("debug", "release"):
        p = REPO / "target" / profile / "sss-daemon"
        if p.is_file():
            return str(p)
    return None


def main() -> int:
    compose_env, compose_values = compose_facts()
    stack_env = stack_facts()
    nginx_rules()
    k8s_env, k8s_config = k8s_facts()
    daemon_uid, nginx_uid = dockerfile_rules()
    for name in DAEMONS | {"nginx"}:
        doc = yaml.safe_load_all((K8S / f"{name}.yaml").read_text())
        (deploy,) = [d for d in doc if d and d["kind"] == "Deployment"]
        uid = deploy["spec"]["template"]["spec"]["securityContext"].get("runAsUser")
        want = nginx_uid if name == "nginx" else daemon_uid
        check(uid == want, f"k8s {name}: runAsUser {uid}, the image's user is {want}")

    for role in sorted(DAEMONS):
        c, s, k = compose_env.get(role, set()), stack_env.get(role, set()), k8s_env.get(role, set())
        check(c == s == k, f"{role}: SSS_* variables differ: compose {sorted(c)}, "
                           f"scripts/stack {sorted(s)}, k8s {sorted(k)}")
    # The wiring URLs point at the right service and port, in Compose and Kubernetes alike.
    for var, (scheme, target) in WIRING.items():
        for where, value in [("compose", next((v[var] for v in compose_values.values() if var in v), None)),
                             ("k8s", k8s_config.get(var))]:
            try:
                got = url_target(value or "")
            except ValueError as e:
                check(False, f"{where} {var}: {e}")
                continue
            check(got == (scheme, target, CONTAINER_PORT[target]),
                  f"{where} {var}={value}: want {scheme}://{target}:{CONTAINER_PORT[target]}")
        values = {v[var] for v in compose_values.values() if var in v}
        check(len(values) <= 1, f"compose: {var} differs between services: {values}")
    check(compose_values["poller"]["SSS_UPSTREAM_URL"].endswith("/api/v2")
          and k8s_config.get("SSS_UPSTREAM_URL", "").endswith("/api/v2"),
          "SSS_UPSTREAM_URL must end in /api/v2")

    binary = find_binary()
    settings = role_settings(binary)
    if settings is None:
        print("note: no sss-daemon binary; SSS_* names not checked against --help")
    else:
        for role in sorted(DAEMONS):
            used = compose_env.get(role, set()) | stack_env.get(role, set()) | k8s_env.get(role, set())
            unknown = used - settings[role]
            check(not unknown, f"{role}: {sorted(unknown)} are not settings of `sss-daemon {role}`")

    for f in failures:
        print(f"FAIL {f}")
    print(f"consistency: {passes} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
