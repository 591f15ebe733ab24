//! A healthcheck as the readiness and liveness probes of a container.

use stackc_ir::stack::{Duration, HealthTest, Healthcheck};

use super::Lower;
use super::objects::{ExecAction, Probe};

impl Lower<'_> {
    /// [`Self::probes`] of a healthcheck, if there is one.
    pub(super) fn probes_of(
        &mut self,
        healthcheck: Option<&stackc_ir::stack::Spanned<Healthcheck>>,
        service: &str,
    ) -> (Option<Probe>, Option<Probe>) {
        healthcheck.map_or((None, None), |h| self.probes(&h.value, service))
    }

    /// The readiness and liveness probes of a healthcheck (none when it is
    /// disabled); the liveness probe waits for the start period.
    pub(super) fn probes(
        &mut self,
        healthcheck: &Healthcheck,
        service: &str,
    ) -> (Option<Probe>, Option<Probe>) {
        let Healthcheck {
            test,
            interval,
            timeout,
            retries,
            start_period,
            // Refused by the service (a probe has one period).
            start_interval: _,
        } = healthcheck;
        let command = match test {
            HealthTest::Exec(items) => items.iter().map(|item| self.resolve(item)).collect(),
            HealthTest::Shell(cmd) => vec!["/bin/sh".into(), "-c".into(), self.resolve(cmd)],
            // Refused by the service (a probe needs its command).
            HealthTest::Disabled | HealthTest::Image => return (None, None),
        };
        // Docker's defaults where the stack says nothing: 30s, 30s, 3.
        let interval = self.fixed(
            interval.as_ref(),
            &format!("services.{service}.healthcheck.interval"),
        );
        let timeout = self.fixed(
            timeout.as_ref(),
            &format!("services.{service}.healthcheck.timeout"),
        );
        let start_period = self.fixed(
            start_period.as_ref(),
            &format!("services.{service}.healthcheck.start_period"),
        );
        // Resolved with the values kube fixes (a bad one is reported).
        let retries = match retries {
            None => 3,
            Some(r) => {
                let text = self.resolve(r);
                let place = format!("services.{service}.healthcheck.retries");
                let check = stackc_ir::check::ValueCheck::Rule(stackc_ir::stack::RETRIES);
                if r.as_literal().is_none() && !check.accepts(&text) {
                    self.diags
                        .push(crate::diagnostics::resolved_value(&place, check, &text));
                }
                text.parse::<u32>().unwrap_or(u32::MAX)
            }
        };
        let seconds = |d: &Option<Duration>| d.as_ref().map_or(30, |d| d.seconds_ceil().max(1));
        let probe = |initial_delay_seconds| Probe {
            exec: ExecAction {
                command: command.clone(),
            },
            initial_delay_seconds,
            period_seconds: seconds(&interval),
            timeout_seconds: seconds(&timeout),
            failure_threshold: retries.clamp(1, 2_147_483_647),
        };
        let start = start_period
            .as_ref()
            .map(Duration::seconds_ceil)
            .filter(|s| *s > 0);
        (Some(probe(None)), Some(probe(start)))
    }

    /// A timing with the values kube fixes: one parameters complete is
    /// resolved and read (a value that is no duration is reported, and
    /// docker's default stands in).
    fn fixed(&mut self, duration: Option<&Duration>, place: &str) -> Option<Duration> {
        let duration = duration?;
        let Some(template) = &duration.template else {
            return Some(duration.clone());
        };
        let text = self.resolve(template);
        match stackc_ir::duration::parse(&text).filter(|_| stackc_ir::duration::accepts(&text)) {
            Some(nanos) => Some(Duration {
                text,
                nanos,
                template: None,
            }),
            None => {
                self.diags.push(crate::diagnostics::resolved_value(
                    place,
                    stackc_ir::check::ValueCheck::Duration,
                    &text,
                ));
                None
            }
        }
    }
}
