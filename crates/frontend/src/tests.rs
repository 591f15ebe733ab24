//! What a user sees: decoded models of valid stacks, and the code, message,
//! location and help of each diagnostic of invalid ones.

use stackc_ir::flags::FlagValue;
use stackc_ir::stack::{Condition, HealthTest, Mount, PortRange, Protocol, PullPolicy, Restart};
use stackc_ir::template::Part;
use stackc_ir::{Diag, Template};

use super::parse;
use crate::diagnostics::Code;

/// The diagnostics of `source`, which must be invalid.
fn errors(source: &str) -> Vec<Diag> {
    match parse(source) {
        Ok(stack) => panic!("expected errors, got {stack:#?}"),
        Err(diags) => diags.into_iter().collect(),
    }
}

/// The one diagnostic of `source`.
fn error(source: &str) -> Diag {
    let mut diags = errors(source);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    diags.remove(0)
}

/// The source text under the primary label.
fn at<'s>(source: &'s str, diag: &Diag) -> &'s str {
    let (span, _) = diag.labels.first().expect("a primary label");
    &source[span.offset()..span.offset() + span.len()]
}

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

    let db = &stack.services["db"];
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
    assert_eq!(health.value.retries, Some(5));
    assert_eq!(
        db.restart.as_ref().map(|r| r.value),
        Some(Restart::OnFailure(Some(3)))
    );
    assert_eq!(db.replicas.value, 1);

    let migrate = &stack.services["migrate"];
    assert!(migrate.is_job());
    assert_eq!(
        migrate.build.as_ref().map(|b| b.context.value.as_str()),
        Some("./migrations")
    );
    assert_eq!(migrate.depends_on[0].service.value, "db");
    assert_eq!(migrate.depends_on[0].condition.value, Condition::Healthy);

    let web = &stack.services["web"];
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
            read_only: false
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
    assert_eq!(web.stop_timeout(), Some(1));
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

#[test]
fn syntax_errors_are_all_reported() {
    let source = "[stack]\nname = \"x\"\n[services.web\nimage = = \"a\"\n";
    let diags = errors(source);
    assert!(diags.len() >= 2, "{diags:#?}");
    assert!(diags.iter().all(|d| d.code == Code::Syntax.as_str()));
    assert!(
        diags[0].message.starts_with(char::is_lowercase),
        "{}",
        diags[0].message
    );
    // Sorted by position, the first points into the unclosed header line.
    assert!(diags[0].offset() >= source.find("[services").expect("header"));
}

#[test]
fn unknown_key_suggests_a_close_one() {
    let source = web("imag = \"nginx\"");
    // Only the typo: not also "no image" for the same mistake.
    let diag = error(&source);
    assert_eq!(diag.code, Code::UnknownKey.as_str());
    assert_eq!(diag.message, "unknown key `imag` in `services.web`");
    assert_eq!(at(&source, &diag), "imag");
    assert_eq!(diag.help.as_deref(), Some("did you mean `image`?"));
}

#[test]
fn unknown_key_lists_the_valid_ones_when_nothing_is_close() {
    let source = "[stack]\nname = \"x\"\nzzz = 1\n";
    let diag = error(source);
    assert_eq!(diag.code, Code::UnknownKey.as_str());
    assert_eq!(at(source, &diag), "zzz");
    assert_eq!(diag.help.as_deref(), Some("the keys are `name`"));

    let source = "[stack]\nname = \"x\"\n[servies.web]\nimage = \"a\"\n";
    let diag = error(source);
    assert_eq!(diag.message, "unknown top-level key `servies`");
    assert!(
        diag.help.as_deref().is_some_and(
            |help| help.starts_with("did you mean `services`? The top-level tables are")
        ),
        "{:?}",
        diag.help
    );
}

#[test]
fn wrong_type_names_both_types() {
    let source = web("image = \"nginx\"\nreplicas = \"2\"");
    let diag = error(&source);
    assert_eq!(diag.code, Code::WrongType.as_str());
    assert_eq!(
        diag.message,
        "`services.web.replicas` must be an integer, found a string"
    );
    assert_eq!(at(&source, &diag), "\"2\"");
}

#[test]
fn missing_stack_name_points_at_the_table() {
    let source = "[stack]\n\n[services.web]\nimage = \"a\"\n";
    let diag = error(source);
    assert_eq!(diag.code, Code::MissingKey.as_str());
    assert_eq!(diag.message, "missing `name` in `stack`");
    assert_eq!(at(source, &diag), "[stack]");

    let source = "[services.web]\nimage = \"a\"\n";
    let diag = error(source);
    assert_eq!(diag.code, Code::MissingKey.as_str());
    assert_eq!(diag.offset(), 0);
}

#[test]
fn invalid_names() {
    let source = "[stack]\nname = \"My App\"\n";
    let diag = error(source);
    assert_eq!(diag.code, Code::InvalidName.as_str());
    assert_eq!(diag.message, "invalid stack name `My App`");
    assert_eq!(at(source, &diag), "\"My App\"");
    assert!(diag.help.is_some());

    let source =
        "[stack]\nname = \"x\"\n[services.Web]\nimage = \"a\"\n[networks.\"a b\"]\n[volumes._v]\n";
    let diags = errors(source);
    let spans: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, at(source, d))).collect();
    assert_eq!(
        spans,
        [
            (Code::InvalidName.as_str(), "Web"),
            (Code::InvalidName.as_str(), "\"a b\""),
            (Code::InvalidName.as_str(), "_v"),
        ]
    );
}

#[test]
fn param_rules() {
    let source = "[stack]\nname = \"x\"\n[params.PATH]\n[params.DOCKER_HOST]\n[params.\"1X\"]\n[params.PW]\nsecret = true\ndefault = \"hunter2\"\n[params.OK]\ndefault = \"$ is fine here\"\n";
    let diags = errors(source);
    let got: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, at(source, d))).collect();
    assert_eq!(
        got,
        [
            (Code::ReservedParam.as_str(), "PATH"),
            (Code::ReservedParam.as_str(), "DOCKER_HOST"),
            (Code::InvalidName.as_str(), "\"1X\""),
            (Code::SecretDefault.as_str(), "\"hunter2\""),
        ]
    );
    assert!(
        diags[0]
            .help
            .as_deref()
            .is_some_and(|h| h.starts_with("pick another name"))
    );
}

#[test]
fn external_resources_cannot_be_configured() {
    let source = "[stack]\nname = \"x\"\n[networks.n]\nexternal = true\ndriver = \"overlay\"\n[volumes.v]\nlabels = { a = \"b\" }\nexternal = true\n";
    let diags = errors(source);
    let got: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, at(source, d))).collect();
    assert_eq!(
        got,
        [
            (Code::ExternalConflict.as_str(), "driver"),
            (Code::ExternalConflict.as_str(), "labels")
        ]
    );
}

#[test]
fn template_errors_point_at_the_dollar() {
    let source = web("image = \"a\"\ncommand = [\"echo\", \"cost: 5$\"]");
    let diag = error(&source);
    assert_eq!(diag.code, Code::StrayDollar.as_str());
    assert_eq!(diag.message, "stray `$` in `services.web.command[1]`");
    assert_eq!(at(&source, &diag), "$");
    assert_eq!(
        diag.help.as_deref(),
        Some("write `$$` for a literal `$`, or `${NAME}` to use the parameter `NAME`")
    );

    let source = web("image = \"a\"\nuser = \"${TAG\"");
    let diag = error(&source);
    assert_eq!(diag.code, Code::UnterminatedReference.as_str());
    assert_eq!(at(&source, &diag), "${TAG");

    let source = web("image = \"a\"\nuser = \"${1x}\"");
    let diag = error(&source);
    assert_eq!(diag.code, Code::InvalidReference.as_str());
    assert_eq!(at(&source, &diag), "${1x}");

    // With an escape before it, the raw text differs: the whole value is labelled.
    let source = web("image = \"a\"\nuser = \"\\t$x\"");
    let diag = error(&source);
    assert_eq!(diag.code, Code::StrayDollar.as_str());
    assert_eq!(at(&source, &diag), "\"\\t$x\"");
}

#[test]
fn parameter_references_are_checked() {
    let source = web(
        "image = \"nginx:${TGA}\"\nuser = \"${NOPE}\"\nhostname = \"${DB_PASSWORD}\"\nenvironment = { PW = \"${DB_PASSWORD}\" }",
    );
    let diags = errors(&source);
    let got: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, at(&source, d))).collect();
    assert_eq!(
        got,
        [
            (Code::UndeclaredParam.as_str(), "${TGA}"),
            (Code::UndeclaredParam.as_str(), "${NOPE}"),
            (Code::SecretOutsideEnvironment.as_str(), "${DB_PASSWORD}"),
        ]
    );
    assert_eq!(diags[0].message, "undeclared parameter `TGA`");
    assert!(
        diags[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("did you mean `TAG`?"))
    );
    assert_eq!(
        diags[1].help.as_deref(),
        Some("declare it: `[params.NOPE]`")
    );
    assert!(
        diags[2]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("environment"))
    );
}

#[test]
fn nul_bytes_are_rejected() {
    let source = web("image = \"a\"\nworking_dir = \"/a\\u0000b\"");
    let diag = error(&source);
    assert_eq!(diag.code, Code::NulByte.as_str());
    assert_eq!(at(&source, &diag), "\"/a\\u0000b\"");
    assert_eq!(
        diag.help.as_deref().map(|h| h.starts_with("remove it")),
        Some(true)
    );
}

#[test]
fn command_as_a_string_suggests_a_list() {
    let source = web("image = \"a\"\ncommand = \"npm start\"");
    let diag = error(&source);
    assert_eq!(diag.code, Code::CommandString.as_str());
    assert_eq!(diag.message, "write `command` as a list");
    assert_eq!(at(&source, &diag), "\"npm start\"");
    assert!(
        diag.help
            .as_deref()
            .is_some_and(|h| h.contains(r#"command = ["npm", "start"]"#))
    );
}

#[test]
fn image_or_build_is_required_and_images_are_checked() {
    let source = web("user = \"me\"");
    let diag = error(&source);
    assert_eq!(diag.code, Code::MissingImage.as_str());
    assert_eq!(at(&source, &diag), "web");

    let source = web("image = \"Nginx:latest\"");
    let diag = error(&source);
    assert_eq!(diag.code, Code::InvalidImage.as_str());
    assert_eq!(at(&source, &diag), "\"Nginx:latest\"");

    let source = web("build = { dockerfile = \"Dockerfile\" }");
    let diag = error(&source);
    assert_eq!(diag.code, Code::MissingKey.as_str());
    assert_eq!(diag.message, "missing `context` in `services.web.build`");
}

#[test]
fn port_errors() {
    let source = web(
        "image = \"a\"\nports = [\"80:80:80:80\", 0, \"70000:80\", \"8000-8001:80-82\", \"80/icmp\", { published = 80 }]",
    );
    let diags = errors(&source);
    let got: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, at(&source, d))).collect();
    assert_eq!(
        got,
        [
            (Code::MalformedPort.as_str(), "\"80:80:80:80\""),
            (Code::PortOutOfRange.as_str(), "0"),
            (Code::PortOutOfRange.as_str(), "70000"),
            (Code::PortRangeMismatch.as_str(), "\"8000-8001:80-82\""),
            (Code::UnknownProtocol.as_str(), "\"80/icmp\""),
            (Code::MissingKey.as_str(), "{ published = 80 }"),
        ]
    );
    assert_eq!(diags[0].message, "malformed port `80:80:80:80`");
    assert!(
        diags[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("8080:80"))
    );
}

#[test]
fn mount_errors() {
    let source = web(
        "image = \"a\"\nvolumes = [\"~/x:/x\", \"./a:relative\", \"a:b:/c:ro\", \"Data:/d\", \"./x:/x:z\", { type = \"bind\", target = \"/t\" }, { type = \"tmpfs\", source = \"x\", target = \"/t\" }]",
    );
    let diags = errors(&source);
    let got: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, at(&source, d))).collect();
    assert_eq!(
        got,
        [
            (Code::HomePath.as_str(), "\"~/x:/x\""),
            (Code::RelativeTarget.as_str(), "\"./a:relative\""),
            (Code::MalformedMount.as_str(), "\"a:b:/c:ro\""),
            (Code::InvalidName.as_str(), "\"Data:/d\""),
            (Code::InvalidMountMode.as_str(), "\"./x:/x:z\""),
            (
                Code::MissingKey.as_str(),
                "{ type = \"bind\", target = \"/t\" }"
            ),
            (Code::MountOption.as_str(), "source"),
        ]
    );
    assert!(
        diags[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("absolute path"))
    );
    assert!(
        diags[2]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("table"))
    );
}

#[test]
fn dependency_and_healthcheck_errors() {
    let source = web(
        "image = \"a\"\ndepends_on = { db = \"ready\" }\nhealthcheck = { test = [\"RUN\", \"x\"], interval = 30 }",
    );
    let diags = errors(&source);
    let got: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, at(&source, d))).collect();
    assert_eq!(
        got,
        [
            (Code::UnknownCondition.as_str(), "\"ready\""),
            (Code::InvalidHealthcheck.as_str(), "\"RUN\""),
            (Code::InvalidDuration.as_str(), "30"),
        ]
    );
    assert!(
        diags[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("`started`, `healthy` or `completed`"))
    );
    assert!(
        diags[2]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("\"30s\""))
    );

    let source = web("image = \"a\"\n[services.web.healthcheck]\ninterval = \"1x\"");
    let diags = errors(&source);
    let got: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, at(&source, d))).collect();
    assert_eq!(
        got,
        [
            (Code::MissingKey.as_str(), "[services.web.healthcheck]"),
            (Code::InvalidDuration.as_str(), "\"1x\""),
        ]
    );
}

#[test]
fn healthcheck_forms() {
    let source = web("image = \"a\"\nhealthcheck = { test = \"curl -f localhost\" }");
    let stack = parse(&source).expect("valid");
    let health = stack.services["web"]
        .healthcheck
        .as_ref()
        .expect("healthcheck");
    assert_eq!(
        health.value.test,
        HealthTest::Shell("curl -f localhost".parse_template())
    );
    assert_eq!(
        at_span(&source, health.span),
        "{ test = \"curl -f localhost\" }"
    );

    let source = web("image = \"a\"\nhealthcheck = { test = [\"CMD-SHELL\", \"true\"] }");
    let stack = parse(&source).expect("valid");
    let health = stack.services["web"]
        .healthcheck
        .as_ref()
        .expect("healthcheck");
    assert_eq!(
        health.value.test,
        HealthTest::Shell("true".parse_template())
    );

    let source = web("image = \"a\"\nhealthcheck = { test = [\"NONE\"] }");
    let stack = parse(&source).expect("valid");
    let health = stack.services["web"]
        .healthcheck
        .as_ref()
        .expect("healthcheck");
    assert_eq!(health.value.test, HealthTest::Disabled);

    let source = web("image = \"a\"\nhealthcheck = { test = [\"CMD-SHELL\", \"a\", \"b\"] }");
    assert_eq!(error(&source).code, Code::InvalidHealthcheck.as_str());
}

fn at_span(source: &str, span: miette::SourceSpan) -> &str {
    &source[span.offset()..span.offset() + span.len()]
}

#[test]
fn integers_must_fit() {
    let source = web(
        "image = \"a\"\nreplicas = 0\nhealthcheck = { test = \"true\", retries = -1 }\nvolumes = [{ type = \"tmpfs\", target = \"/t\", tmpfs = { size = -5 } }]",
    );
    let diags = errors(&source);
    let got: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, at(&source, d))).collect();
    assert_eq!(
        got,
        [
            (Code::OutOfRange.as_str(), "0"),
            (Code::OutOfRange.as_str(), "-1"),
            (Code::OutOfRange.as_str(), "-5"),
        ]
    );
    assert_eq!(
        diags[1].message,
        "`services.web.healthcheck.retries` must not be negative, found `-1`"
    );
}

#[test]
fn choices_and_small_fields() {
    let source = web(
        "image = \"a\"\nrestart = \"sometimes\"\npull = \"daily\"\nrun = \"twice\"\nstop_signal = \"term\"\ncap_add = [\"net_admin\"]\nextra_hosts = [\"nohost\"]\ncontainer_name = \"-x\"\nenvironment = { \"A=B\" = \"1\", C = 1.5 }",
    );
    let diags = errors(&source);
    let got: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, at(&source, d))).collect();
    assert_eq!(
        got,
        [
            (Code::InvalidRestart.as_str(), "\"sometimes\""),
            (Code::InvalidPull.as_str(), "\"daily\""),
            (Code::InvalidRun.as_str(), "\"twice\""),
            (
                stackc_ir::diagnostic::Code::InvalidSignal.as_str(),
                "\"term\""
            ),
            (
                stackc_ir::diagnostic::Code::InvalidCapability.as_str(),
                "\"net_admin\""
            ),
            (Code::InvalidExtraHost.as_str(), "\"nohost\""),
            (Code::InvalidName.as_str(), "\"-x\""),
            (Code::InvalidEnvKey.as_str(), "\"A=B\""),
            (Code::WrongType.as_str(), "1.5"),
        ]
    );
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
    assert_eq!(web.env_file[0].value, ".env");
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
    assert_eq!(build.target.as_deref(), Some("prod"));
}

#[test]
fn many_errors_in_one_file_are_all_reported_in_source_order() {
    let source = r#"
[stack]
name = "BAD"

[params.PATH]

[services.web]
imag = "nginx"
replicas = "3"
ports = ["80:80:80:80"]

[services.db]
image = "postgres"
stop_grace_period = 10
volumes = ["~/pg:/var/lib/postgresql/data"]
command = "postgres -c fsync=off"
environment = { PW = "${SECRET}" }
"#;
    let diags = errors(source);
    let got: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, at(source, d))).collect();
    assert_eq!(
        got,
        [
            (Code::InvalidName.as_str(), "\"BAD\""),
            (Code::ReservedParam.as_str(), "PATH"),
            (Code::UnknownKey.as_str(), "imag"),
            (Code::WrongType.as_str(), "\"3\""),
            (Code::MalformedPort.as_str(), "\"80:80:80:80\""),
            (Code::InvalidDuration.as_str(), "10"),
            (Code::HomePath.as_str(), "\"~/pg:/var/lib/postgresql/data\""),
            (Code::CommandString.as_str(), "\"postgres -c fsync=off\""),
            (Code::UndeclaredParam.as_str(), "${SECRET}"),
        ]
    );
    for diag in &diags {
        assert!(diag.help.is_some(), "{diag:?}");
        assert!(
            diag.message.starts_with(|c: char| !c.is_uppercase()),
            "{}",
            diag.message
        );
    }
}

#[test]
fn multiline_and_literal_strings_map_exactly() {
    let source = web("image = \"a\"\nuser = '''\nme$'''");
    let diag = error(&source);
    assert_eq!(diag.code, Code::StrayDollar.as_str());
    assert_eq!(at(&source, &diag), "$");
}

#[test]
fn duplicate_keys_name_the_key() {
    let source = "[stack]\nname = \"x\"\nname = \"y\"\n";
    let diag = error(source);
    assert_eq!(diag.code, Code::Syntax.as_str());
    assert_eq!(diag.message, "duplicate key `name`");
    assert_eq!(diag.offset(), source.rfind("name").expect("second name"));
}

#[test]
fn a_file_without_stack_is_reported_at_the_start() {
    let diag = error("");
    assert_eq!(diag.code, Code::MissingKey.as_str());
    assert_eq!(diag.message, "missing the `[stack]` table");
    assert_eq!(diag.offset(), 0);
}

/// The repository's fixtures, read from disk.
fn fixtures(kind: &str) -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(kind);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| {
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read_to_string(&path).expect("readable"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn valid_fixtures_decode() {
    for (name, source) in fixtures("valid") {
        if let Err(diags) = parse(&source) {
            panic!("{name}: {diags:#?}");
        }
    }
}
