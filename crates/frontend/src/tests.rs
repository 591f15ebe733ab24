//! The decoded models of valid stacks: what each form of a key becomes.
//! The diagnostics of invalid stacks are data: `fixtures/invalid/`, one
//! snapshot each (tests/outputs/fixtures.rs).

use stackc_ir::Template;
use stackc_ir::flags::FlagValue;
use stackc_ir::stack::{
    Condition, HealthTest, Mount, PortRange, Protocol, PullPolicy, Restart, Service,
};
use stackc_ir::template::Part;

use super::parse;

/// A stack with one service whose table is `body`.
fn web(body: &str) -> String {
    format!(
        "[stack]\nname = \"demo\"\n\n[params.TAG]\ndefault = \"1\"\n\n[params.DB_PASSWORD]\nsecret = true\n\n[services.web]\n{body}\n"
    )
}

const FULL: &str = r#"
[stack]
name = "shop"

[params.TAG]
default = "1.27"
description = "nginx tag"

[params.DB_PASSWORD]
secret = true

[params.DATA_DIR]

[networks.front]
driver = "bridge"
labels = { team = "web" }

[networks.default]
internal = true

[volumes.pgdata]

[volumes.shared]
external = true

[services.db]
image = "postgres:16"
environment = { POSTGRES_PASSWORD = "${DB_PASSWORD}", PGPORT = 5432, DEBUG = true }
volumes = ["pgdata:/var/lib/postgresql/data", { type = "tmpfs", target = "/tmp", tmpfs = { size = 1048576 } }]
healthcheck = { test = ["CMD", "pg_isready", "-U", "postgres"], interval = "1m30s", retries = 5 }
restart = "on-failure:3"

[services.migrate]
build = "./migrations"
run = "once"
depends_on = { db = "service_healthy" }

[services.web]
image = "nginx:${TAG}"
command = ["nginx", "-g", "daemon off;"]
entrypoint = []
ports = ["127.0.0.1:8080:80", 9000, "[::1]:53:53/udp", { target = 443, published = "8443", protocol = "tcp" }]
volumes = ["./site:/usr/share/nginx/html:ro", "${DATA_DIR}x:/y", "/cache"]
networks = ["front", "default"]
depends_on = ["db", "migrate"]
labels = ["a=b", "price=$$5"]
stop_grace_period = "500ms"
extra_hosts = ["db.local:10.0.0.5"]
pull = "always"
replicas = 2
cap_add = ["NET_ADMIN"]
"#;

#[test]
fn full_stack_decodes() {
    // `${DATA_DIR}x` starts with `$`, so it is not a bind source; fix it first.
    let source = FULL.replace(
        "\"${DATA_DIR}x:/y\"",
        "{ type = \"bind\", source = \"${DATA_DIR}/x\", target = \"/y\" }",
    );
    let stack = match parse(&source) {
        Ok(stack) => stack,
        Err(diags) => panic!("{diags:#?}"),
    };
    assert_eq!(stack.name.value, "shop");
    assert_eq!(&source[stack.name.span.offset()..][..6], "\"shop\"");

    let params: Vec<&str> = stack.params.keys().map(String::as_str).collect();
    assert_eq!(params, ["TAG", "DB_PASSWORD", "DATA_DIR"]);
    assert_eq!(stack.params["TAG"].default.as_deref(), Some("1.27"));
    assert_eq!(
        stack.params["TAG"].description.as_deref(),
        Some("nginx tag")
    );
    assert!(stack.params["DB_PASSWORD"].secret);
    assert_eq!(stack.params["DATA_DIR"].default, None);

    assert_eq!(stack.networks["front"].driver.as_deref(), Some("bridge"));
    assert_eq!(
        stack.networks["front"].labels["team"].as_literal(),
        Some("web")
    );
    assert!(stack.networks["default"].internal);
    assert!(stack.volumes["shared"].external);
    assert!(!stack.volumes["pgdata"].external);

    let services: Vec<&str> = stack.services.keys().map(String::as_str).collect();
    assert_eq!(services, ["db", "migrate", "web"]);

    full_db(&stack.services["db"]);
    let migrate = &stack.services["migrate"];
    assert!(migrate.is_job());
    assert_eq!(
        migrate.build.as_ref().map(|b| b.context.value.as_str()),
        Some("./migrations")
    );
    assert_eq!(migrate.depends_on[0].service.value, "db");
    assert_eq!(migrate.depends_on[0].condition.value, Condition::Healthy);

    full_web(&stack.services["web"], &source);
}

/// The service `db` of `FULL`: environment, mounts, healthcheck, restart.
fn full_db(db: &Service) {
    let env: Vec<(&str, String)> = db
        .environment
        .iter()
        .map(|(k, v)| (k.as_str(), v.value.to_string()))
        .collect();
    assert_eq!(
        env,
        [
            ("POSTGRES_PASSWORD", "${DB_PASSWORD}".to_owned()),
            ("PGPORT", "5432".to_owned()),
            ("DEBUG", "true".to_owned()),
        ]
    );
    match &db.volumes[0].value {
        Mount::Volume {
            source: Some(source),
            target,
            read_only,
            ..
        } => {
            assert_eq!(source.value, "pgdata");
            assert_eq!(target, "/var/lib/postgresql/data");
            assert!(!read_only);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        db.volumes[1].value,
        Mount::Tmpfs {
            target: "/tmp".into(),
            size: Some(1_048_576)
        }
    );
    let health = db.healthcheck.as_ref().expect("healthcheck");
    assert_eq!(
        health.value.test,
        HealthTest::Exec(vec![
            "pg_isready".parse_template(),
            "-U".parse_template(),
            "postgres".parse_template()
        ])
    );
    let interval = health.value.interval.as_ref().expect("interval");
    assert_eq!(
        (interval.text.as_str(), interval.nanos),
        ("1m30s", 90_000_000_000)
    );
    assert_eq!(
        health.value.retries.as_ref().and_then(|r| r.as_literal()),
        Some("5")
    );
    assert_eq!(
        db.restart.as_ref().map(|r| r.value),
        Some(Restart::OnFailure(Some(3)))
    );
    assert_eq!(db.replicas.value, 1);
}

/// The service `web` of `FULL`: image, command, ports, mounts, networks,
/// dependencies and the rest, with spans into `source`.
fn full_web(web: &Service, source: &str) {
    let image = web.image.as_ref().expect("image");
    assert_eq!(
        image.value.parts(),
        [Part::Lit("nginx:".into()), Part::Param("TAG".into())]
    );
    let command: Vec<String> = web
        .command
        .iter()
        .flatten()
        .map(ToString::to_string)
        .collect();
    assert_eq!(command, ["nginx", "-g", "daemon off;"]);
    assert_eq!(web.entrypoint, Some(vec![]));

    let ports: Vec<_> = web.ports.iter().map(|p| &p.value).collect();
    assert_eq!(ports[0].host_ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(
        ports[0].published,
        Some(PortRange {
            start: 8080,
            end: 8080
        })
    );
    assert_eq!(ports[0].target, PortRange { start: 80, end: 80 });
    assert_eq!((ports[1].published, ports[1].target.start), (None, 9000));
    assert_eq!(ports[2].host_ip.as_deref(), Some("::1"));
    assert_eq!(ports[2].protocol, Protocol::Udp);
    assert_eq!(
        ports[3].published,
        Some(PortRange {
            start: 8443,
            end: 8443
        })
    );
    assert_eq!(ports[3].target.start, 443);
    assert_eq!(
        &source[web.ports[1].span.offset()..][..web.ports[1].span.len()],
        "9000"
    );

    match &web.volumes[0].value {
        Mount::Bind {
            source,
            target,
            read_only,
            ..
        } => {
            assert_eq!(source.as_literal(), Some("./site"));
            assert_eq!(target, "/usr/share/nginx/html");
            assert!(read_only);
        }
        other => panic!("{other:?}"),
    }
    match &web.volumes[1].value {
        Mount::Bind { source, .. } => assert_eq!(source.to_string(), "${DATA_DIR}/x"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        web.volumes[2].value,
        Mount::Volume {
            source: None,
            target: "/cache".into(),
            read_only: false,
            options: stackc_ir::stack::MountOptions::default(),
        }
    );
    let networks: Vec<&str> = web.networks.iter().map(|n| n.value.as_str()).collect();
    assert_eq!(networks, ["front", "default"]);
    assert_eq!(&source[web.networks[0].span.offset()..][..7], "\"front\"");
    let deps: Vec<(&str, Condition)> = web
        .depends_on
        .iter()
        .map(|d| (d.service.value.as_str(), d.condition.value))
        .collect();
    assert_eq!(
        deps,
        [("db", Condition::Started), ("migrate", Condition::Started)]
    );
    assert_eq!(web.labels["price"].as_literal(), Some("$5"));
    assert_eq!(
        web.stop_grace_period()
            .map(stackc_ir::duration::Duration::seconds_ceil),
        Some(1)
    );
    assert_eq!(
        web.extra_hosts,
        [("db.local".to_owned(), "10.0.0.5".to_owned())]
    );
    assert_eq!(web.pull, PullPolicy::Always);
    assert_eq!(web.replicas.value, 2);
    assert_eq!(
        web.flags.get("cap_add").map(|set| &set.value),
        Some(&FlagValue::List(vec![Template::literal("NET_ADMIN")]))
    );
}

trait ParseTemplate {
    fn parse_template(&self) -> stackc_ir::Template;
}

impl ParseTemplate for str {
    fn parse_template(&self) -> stackc_ir::Template {
        stackc_ir::Template::parse(self).expect("a valid template")
    }
}

#[test]
fn declaration_order_is_kept() {
    let source = "[stack]\nname = \"o\"\n\n[services.zeta]\nimage = \"a\"\n[services.alpha]\nimage = \"a\"\nenvironment = { Z = \"1\", A = \"2\", M = \"3\" }\n[services.mid]\nimage = \"a\"\n";
    let stack = parse(source).expect("valid");
    let services: Vec<&str> = stack.services.keys().map(String::as_str).collect();
    assert_eq!(services, ["zeta", "alpha", "mid"]);
    let env: Vec<&str> = stack.services["alpha"]
        .environment
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(env, ["Z", "A", "M"]);
}

/// The test of the healthcheck `healthcheck` of a service, and the source
/// text the healthcheck's span covers.
fn healthcheck(healthcheck: &str) -> (HealthTest, String) {
    let source = web(&format!("image = \"a\"\nhealthcheck = {healthcheck}"));
    let stack = parse(&source).expect("valid");
    let health = stack.services["web"]
        .healthcheck
        .as_ref()
        .expect("healthcheck");
    (
        health.value.test.clone(),
        at_span(&source, health.span).to_owned(),
    )
}

#[test]
fn healthcheck_forms() {
    let shell = "{ test = \"curl -f localhost\" }";
    assert_eq!(
        healthcheck(shell),
        (
            HealthTest::Shell("curl -f localhost".parse_template()),
            shell.to_owned()
        )
    );
    assert_eq!(
        healthcheck("{ test = [\"CMD-SHELL\", \"true\"] }").0,
        HealthTest::Shell("true".parse_template())
    );
    assert_eq!(healthcheck("{ test = [\"NONE\"] }").0, HealthTest::Disabled);
}

fn at_span(source: &str, span: miette::SourceSpan) -> &str {
    &source[span.offset()..span.offset() + span.len()]
}

#[test]
fn small_fields_decode() {
    let source = web(
        "image = \"a\"\nrestart = \"unless-stopped\"\nstop_signal = \"SIGRTMIN+3\"\nextra_hosts = { \"h.local\" = \"::1\" }\ndepends_on = { db = { condition = \"completed\" } }\nenv_file = \".env\"\nlabels = { n = 1 }\nread_only = true\ninit = true\ncontainer_name = \"Web.1\"\nrun = \"once\"\nbuild = { context = \"./app\", args = { V = 2, T = \"${TAG}\" }, target = \"prod\" }",
    );
    let stack = parse(&source).expect("valid");
    let web = &stack.services["web"];
    assert_eq!(
        web.restart.as_ref().map(|r| r.value),
        Some(Restart::UnlessStopped)
    );
    assert_eq!(
        web.flags.get("stop_signal").map(|set| &set.value),
        Some(&FlagValue::Value(Template::literal("SIGRTMIN+3")))
    );
    assert_eq!(web.extra_hosts, [("h.local".to_owned(), "::1".to_owned())]);
    assert_eq!(web.depends_on[0].condition.value, Condition::Completed);
    assert_eq!(at_span(&source, web.depends_on[0].service.span), "db");
    assert_eq!(web.env_file[0].value.path.as_literal(), Some(".env"));
    assert!(web.env_file[0].value.required);
    assert_eq!(web.labels["n"].as_literal(), Some("1"));
    for key in ["read_only", "init"] {
        assert_eq!(
            web.flags.get(key).map(|set| &set.value),
            Some(&FlagValue::On)
        );
    }
    assert!(web.is_job());
    assert_eq!(
        web.container_name.as_ref().map(|c| c.value.as_str()),
        Some("Web.1")
    );
    let build = web.build.as_ref().expect("build");
    assert_eq!(build.args["V"].as_literal(), Some("2"));
    assert_eq!(build.args["T"].to_string(), "${TAG}");
    assert_eq!(
        build.target.as_ref().and_then(|t| t.as_literal()),
        Some("prod")
    );
}
