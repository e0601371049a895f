#!/usr/bin/env python3
"""Cross-checks KeyWarden's monitoring files against what a running validator exports.

    check_monitoring.py SCRAPE ALERTS DASHBOARD ERROR_CODES_CPP SECURITY_DOC

SCRAPE is the text of GET /metrics after traffic that makes every series appear. Checks:
- every metric named in an alert rule's `expr`, a dashboard target's `expr` or a
  dashboard variable's query has samples in SCRAPE (histograms: name_bucket/_sum/_count);
- label names in selectors, `by (...)` lists, legends and `$labels.x` exist on the
  validator's series (or are target labels: job, instance);
- literal `outcome`/`reason` values are error codes of services/ErrorCode.cpp (or "ok");
- every alert has `for`, a severity label and summary/description annotations, the
  validator-down alert watches up{job="keywarden-validator"} == 0, and the runbook link
  points at a heading that exists in docs/API_SECURITY.md;
- the dashboard is JSON with a ${DS_PROMETHEUS} data source variable, and every panel has
  a data source and at least one target with an expression.
Prints one line per problem and exits 1 when there is any. Only the standard library is
required; PyYAML is used when present (KW_CHECK_NO_PYYAML=1 forces the fallback reader).
"""

import json
import os
import re
import sys

# Series Prometheus makes itself for every target: allowed although the validator does not
# export them.
PROMETHEUS_SYNTHETIC = {"up"}
TARGET_LABELS = {"job", "instance"}
SEVERITIES = {"critical", "warning", "info"}
# Series each file must cover (what issue #5 asks the alerts and the dashboard to watch).
ALERTS_MUST_USE = {
    "up",
    "keywarden_invalid_key_attempts_total",
    "keywarden_rate_limited_total",
    "keywarden_requests_total",
    "keywarden_cost_usd_total",
    "keywarden_redis_degraded",
}
DASHBOARD_MUST_USE = {
    "keywarden_requests_total",
    "keywarden_rate_limited_total",
    "keywarden_invalid_key_attempts_total",
    "keywarden_usage_requests_total",
    "keywarden_cost_usd_total",
    "keywarden_request_duration_seconds_bucket",
    "keywarden_redis_degraded",
    # and what the validator's own connection limits did (issue #3)
    "keywarden_connections_open",
    "keywarden_connections_refused_total",
    "keywarden_connections_closed_slow_total",
    "keywarden_connections_closed_unread_total",
}
RUNBOOK_ALERT = "KeyWardenInvalidKeyFlood"

problems = []


def problem(text):
    problems.append(text)


# ---------------------------------------------------------------- the scrape


def parse_scrape(text):
    """Returns (samples: name -> set of label names, types: family -> type)."""
    samples, types = {}, {}
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            m = re.match(r"#\s*TYPE\s+([a-zA-Z_:][\w:]*)\s+(\w+)", line)
            if m:
                types[m.group(1)] = m.group(2)
            continue
        m = re.match(r"([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+\S+", line)
        if not m:
            problem(f"scrape: cannot read the line {line!r}")
            continue
        labels = set(re.findall(r'([a-zA-Z_]\w*)\s*=\s*"', m.group(3) or ""))
        samples.setdefault(m.group(1), set()).update(labels)
    return samples, types


# ---------------------------------------------------------------- PromQL reading

TOKEN = re.compile(
    r"""(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)
      | (?P<comment>\#[^\n]*)
      | (?P<braces>\{(?:[^{}"']|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')*\})
      | (?P<brackets>\[[^\]]*\])
      | (?P<number>\d[\w.]*)
      | (?P<variable>\$\{?\w+\}?)
      | (?P<ident>[a-zA-Z_:][\w:]*)
      | (?P<space>\s+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
KEYWORDS = {"and", "or", "unless", "offset", "bool", "inf", "nan", "atan2", "start", "end"}
GROUPING = {"by", "without", "on", "ignoring", "group_left", "group_right"}
AGGREGATIONS = {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk",
                "topk", "quantile", "limitk", "limit_ratio"}
MATCHER = re.compile(r"""([a-zA-Z_]\w*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")


def read_promql(expr):
    """Returns (selectors: list of (metric, [(label, op, value)]), grouping label names)."""
    tokens = [(m.lastgroup, m.group()) for m in TOKEN.finditer(expr)]
    tokens = [t for t in tokens if t[0] not in ("space", "comment")]
    selectors, grouping = [], set()
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else (None, None)
        if kind == "ident" and text in GROUPING and nxt[1] == "(":
            j = i + 2
            while j < len(tokens) and tokens[j][1] != ")":
                if tokens[j][0] == "ident":
                    grouping.add(tokens[j][1])
                j += 1
            i = j + 1
            continue
        if kind == "ident" and text not in KEYWORDS and text not in AGGREGATIONS and nxt[1] != "(":
            matchers = []
            if nxt[0] == "braces":
                matchers = [(l, op, v[1:-1]) for l, op, v in MATCHER.findall(nxt[1])]
                i += 1
            selectors.append((text, matchers))
        elif kind == "braces":  # a selector without a name: {__name__="..."}
            matchers = [(l, op, v[1:-1]) for l, op, v in MATCHER.findall(text)]
            names = [v for l, op, v in matchers if l == "__name__" and op == "="]
            if not names:
                problem(f"cannot tell the metric of the selector {text} in: {expr.strip()}")
            for name in names:
                selectors.append((name, [m for m in matchers if m[0] != "__name__"]))
        i += 1
    return selectors, grouping


# ---------------------------------------------------------------- the rule file


def read_rules_fallback(text):
    """A reader for the rule file's shape when PyYAML is missing: alert, expr (inline or
    block scalar), for, labels.severity, annotations.*."""
    rules, current = [], None
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        i += 1
        if not stripped or stripped.startswith("#"):
            continue
        m = re.match(r"(\s*)-\s*(alert|record):\s*(.+)", line)
        if m:
            current = {m.group(2): m.group(3).strip().strip("\"'"), "labels": {}, "annotations": {}}
            rules.append(current)
            section = None
            continue
        if current is None:
            continue
        m = re.match(r"(\s*)([\w]+):\s*(.*)", line)
        if not m:
            continue
        indent, key, value = len(m.group(1)), m.group(2), m.group(3).strip()
        if value in ("|", "|-", ">", ">-", "|+", ">+"):
            block = []
            while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
                block.append(lines[i].strip())
                i += 1
            value = ("\n" if value.startswith("|") else " ").join(block).strip()
        else:
            value = value.strip("\"'")
        if key in ("labels", "annotations"):
            section = key
        elif key in ("expr", "for", "keep_firing_for"):
            current[key] = value
            section = None
        elif section and indent > 0:
            current[section][key] = value
    return rules


def read_rules(path):
    text = open(path, encoding="utf-8").read()
    if os.environ.get("KW_CHECK_NO_PYYAML") != "1":
        try:
            import yaml  # noqa: PLC0415
        except ImportError:
            yaml = None
        if yaml is not None:
            document = yaml.safe_load(text)
            return [rule for group in document.get("groups", []) for rule in group.get("rules", [])]
    return read_rules_fallback(text)


def github_anchors(markdown):
    anchors = set()
    for line in markdown.splitlines():
        m = re.match(r"#+\s+(.*)", line)
        if m:
            title = m.group(1).strip().lower()
            title = re.sub(r"[^\w\- ]", "", title)
            anchors.add(title.replace(" ", "-"))
    return anchors


# ---------------------------------------------------------------- the dashboard


def all_panels(panels):
    for panel in panels:
        yield panel
        yield from all_panels(panel.get("panels", []))


def datasource_ok(ds):
    if isinstance(ds, str):
        return "${DS_PROMETHEUS}" in ds or "$DS_PROMETHEUS" in ds
    if isinstance(ds, dict):
        uid = str(ds.get("uid", ""))
        return "DS_PROMETHEUS" in uid and ds.get("type", "prometheus") == "prometheus"
    return False


def variable_query_expr(variable):
    query = variable.get("query")
    if isinstance(query, dict):
        query = query.get("query", "")
    query = (query or variable.get("definition") or "").strip()
    m = re.fullmatch(r"label_values\(\s*(.*?)\s*(?:,\s*([a-zA-Z_]\w*)\s*)?\)", query, re.DOTALL)
    if m:
        return m.group(1), m.group(2)
    m = re.fullmatch(r"query_result\(\s*(.*)\s*\)", query, re.DOTALL)
    if m:
        return m.group(1), None
    return None, None


# ---------------------------------------------------------------- main


def main():
    scrape_path, alerts_path, dashboard_path, codes_path, security_doc = sys.argv[1:6]
    samples, types = parse_scrape(open(scrape_path, encoding="utf-8").read())
    if not samples:
        problem(f"{scrape_path}: the scrape holds no samples at all")
    all_labels = set(TARGET_LABELS) | {"le"}
    for labels in samples.values():
        all_labels |= labels
    histograms = {name for name, kind in types.items() if kind in ("histogram", "summary")}
    codes = set(re.findall(r'return\s+QStringLiteral\("([a-z_]+)"\)', open(codes_path, encoding="utf-8").read()))
    if "invalid_api_key" not in codes:
        problem(f"{codes_path}: found no error codes (looked for return QStringLiteral(\"...\"))")
    known_values = {"outcome": codes | {"ok"}, "reason": codes}

    def check_expr(where, expr, extra_labels=()):
        selectors, grouping = read_promql(expr)
        used = set()
        if not selectors:
            problem(f"{where}: the expression names no metric: {expr.strip()}")
        for metric, matchers in selectors:
            used.add(metric)
            if metric in PROMETHEUS_SYNTHETIC:
                labels = set(TARGET_LABELS)
            elif metric in samples:
                labels = samples[metric] | TARGET_LABELS
            else:
                if metric in histograms:
                    hint = f"it is a {types[metric]}: query {metric}_bucket, {metric}_sum or {metric}_count"
                elif metric in types:
                    hint = ("the validator declares it but it had no sample after the test's traffic "
                            "(the traffic no longer exercises it, or the validator stopped counting it)")
                else:
                    hint = "the validator does not export it (GET /metrics)"
                problem(f"{where}: metric {metric!r} is not in the validator's scrape: {hint}")
                continue
            for label, op, value in matchers:
                if label not in labels:
                    problem(f"{where}: {metric} has no label {label!r} (it has: {', '.join(sorted(labels))})")
                if label in known_values and op in ("=", "!=") and "$" not in value and value not in known_values[label]:
                    problem(f"{where}: {label}={value!r} is never exported: not an error code of ErrorCode.cpp")
        for label in sorted(grouping):
            if label not in all_labels:
                problem(f"{where}: groups by {label!r}, which no validator series carries")
        for label in extra_labels:
            if label not in all_labels:
                problem(f"{where}: refers to label {label!r}, which no validator series carries")
        return used

    # --- alert rules
    rules = read_rules(alerts_path)
    alerts = [r for r in rules if "alert" in r]
    if not alerts:
        problem(f"{alerts_path}: no alert rules found")
    alert_metrics = set()
    names = set()
    for rule in rules:
        name = rule.get("alert") or rule.get("record")
        where = f"{os.path.basename(alerts_path)}: {name}"
        if name in names:
            problem(f"{where}: the name is used twice")
        names.add(name)
        expr = str(rule.get("expr", "")).strip()
        if not expr:
            problem(f"{where}: no expr")
            continue
        text_fields = " ".join(str(v) for v in (rule.get("annotations") or {}).values())
        label_refs = re.findall(r"\$labels\.([a-zA-Z_]\w*)", text_fields)
        alert_metrics |= check_expr(where, expr, label_refs)
        if "alert" not in rule:
            continue
        if "for" not in rule:
            problem(f"{where}: no 'for:' (say 'for: 0m' when it should fire at once)")
        severity = (rule.get("labels") or {}).get("severity")
        if severity not in SEVERITIES:
            problem(f"{where}: labels.severity is {severity!r}, expected one of {sorted(SEVERITIES)}")
        annotations = rule.get("annotations") or {}
        for key in ("summary", "description"):
            if not str(annotations.get(key, "")).strip():
                problem(f"{where}: no annotations.{key}")
    if not any(re.fullmatch(r'up\{job="keywarden-validator"\}\s*==\s*0', str(r.get("expr", "")).strip())
               for r in alerts):
        problem(f'{alerts_path}: no alert with expr up{{job="keywarden-validator"}} == 0 (validator down)')
    for metric in sorted(ALERTS_MUST_USE - alert_metrics):
        problem(f"{alerts_path}: no alert uses {metric}")
    anchors = github_anchors(open(security_doc, encoding="utf-8").read())
    runbooks = [r for r in alerts if r.get("alert") == RUNBOOK_ALERT]
    if not runbooks:
        problem(f"{alerts_path}: the alert {RUNBOOK_ALERT} is missing")
    for rule in alerts:
        url = str((rule.get("annotations") or {}).get("runbook_url", ""))
        if rule.get("alert") == RUNBOOK_ALERT and "API_SECURITY.md" not in url:
            problem(f"{alerts_path}: {RUNBOOK_ALERT} has no runbook_url to docs/API_SECURITY.md")
        if "API_SECURITY.md#" in url and url.split("#", 1)[1] not in anchors:
            problem(f"{alerts_path}: {rule.get('alert')}: runbook_url {url} names no heading of {security_doc}")

    # --- dashboard
    try:
        dashboard = json.load(open(dashboard_path, encoding="utf-8"))
    except ValueError as error:
        problem(f"{dashboard_path}: not JSON: {error}")
        dashboard = None
    if dashboard is not None:
        where = os.path.basename(dashboard_path)
        if not isinstance(dashboard.get("schemaVersion"), int) or dashboard["schemaVersion"] < 36:
            problem(f"{where}: schemaVersion {dashboard.get('schemaVersion')!r}, expected 36 or newer")
        variables = (dashboard.get("templating") or {}).get("list") or []
        if not any(v.get("name") == "DS_PROMETHEUS" and v.get("type") == "datasource" for v in variables) and not any(
            i.get("name") == "DS_PROMETHEUS" for i in dashboard.get("__inputs", [])
        ):
            problem(f"{where}: no data source variable or input named DS_PROMETHEUS")
        dash_metrics = set()
        for variable in variables:
            if variable.get("type") != "query":
                continue
            vwhere = f"{where}: variable ${variable.get('name')}"
            if not datasource_ok(variable.get("datasource")):
                problem(f"{vwhere}: data source is not ${{DS_PROMETHEUS}}")
            expr, label = variable_query_expr(variable)
            if expr is None:
                problem(f"{vwhere}: cannot read its query {variable.get('query')!r}")
                continue
            dash_metrics |= check_expr(vwhere, expr, [label] if label else [])
        ids = set()
        panels = list(all_panels(dashboard.get("panels") or []))
        if not panels:
            problem(f"{where}: no panels")
        for panel in panels:
            if panel.get("type") == "row":
                continue
            pwhere = f"{where}: panel {panel.get('title')!r}"
            if panel.get("id") in ids:
                problem(f"{pwhere}: id {panel.get('id')} is used twice")
            ids.add(panel.get("id"))
            if not datasource_ok(panel.get("datasource")):
                problem(f"{pwhere}: no data source, or not ${{DS_PROMETHEUS}}: {panel.get('datasource')!r}")
            targets = panel.get("targets") or []
            if not targets:
                problem(f"{pwhere}: no targets")
            for target in targets:
                twhere = f"{pwhere} target {target.get('refId')}"
                if "datasource" in target and not datasource_ok(target["datasource"]):
                    problem(f"{twhere}: data source is not ${{DS_PROMETHEUS}}")
                expr = str(target.get("expr", "")).strip()
                if not expr:
                    problem(f"{twhere}: no expr")
                    continue
                legend_labels = re.findall(r"\{\{\s*([a-zA-Z_]\w*)\s*\}\}", str(target.get("legendFormat", "")))
                dash_metrics |= check_expr(twhere, expr, legend_labels)
        for metric in sorted(DASHBOARD_MUST_USE - dash_metrics):
            problem(f"{dashboard_path}: no panel shows {metric}")

    for text in problems:
        print(f"check_monitoring: FAIL: {text}")
    if not problems:
        print(f"check_monitoring: names OK: {len(alerts)} alerts and the dashboard use "
              f"{len((alert_metrics | (dash_metrics if dashboard else set())) - PROMETHEUS_SYNTHETIC)} "
              f"validator metrics, all exported")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
