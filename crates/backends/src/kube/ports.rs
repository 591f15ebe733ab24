//! Published ports: container ports (with the host port and address, as
//! `hostPort`), and the ports of the service's headless Service.

use stackc_ir::stack::{Port, PortRange, Protocol, Spanned};

use super::Lower;
use super::objects::{ContainerPort, ServicePort};
use crate::diagnostics::at;

impl Lower<'_> {
    /// Container ports (with the host port and address of a published
    /// port) and the ports of the headless Service.
    pub(super) fn ports(
        &mut self,
        ports: &[Spanned<Port>],
        what: &str,
    ) -> (Vec<ContainerPort>, Vec<ServicePort>) {
        let mut container_ports = Vec::new();
        let mut service_ports: Vec<ServicePort> = Vec::new();
        for port in ports {
            let Port {
                host_ip,
                published,
                target,
                protocol,
            } = &port.value;
            let count = target.end - target.start;
            if let Some(published) = published
                && published.end - published.start != count
            {
                self.unsupported(
                    what,
                    "ports",
                    at(port, "ranges of different lengths"),
                    "give a published range as long as the container range: Kubernetes maps ports one to one",
                );
                continue;
            }
            let protocol_name = match protocol {
                Protocol::Tcp => "TCP",
                Protocol::Udp => "UDP",
                Protocol::Sctp => "SCTP",
            };
            for offset in 0..=count {
                let number = target.start + offset;
                let name = format!("{}-{number}", protocol.as_str());
                container_ports.push(ContainerPort {
                    name: name.clone(),
                    container_port: number,
                    host_port: published.map(|p: PortRange| p.start + offset),
                    host_ip: published.and(host_ip.clone()),
                    protocol: protocol_name,
                });
                if !service_ports.iter().any(|p| p.name == name) {
                    service_ports.push(ServicePort {
                        name,
                        port: number,
                        target_port: number,
                        protocol: protocol_name,
                    });
                }
            }
        }
        // Two entries may publish one container port twice (on two
        // addresses); Kubernetes wants unique port names.
        let mut seen: Vec<String> = Vec::new();
        for port in &mut container_ports {
            let base = port.name.clone();
            let mut n = 1;
            while seen.contains(&port.name) {
                n += 1;
                port.name = format!("{base}-{n}");
            }
            seen.push(port.name.clone());
        }
        (container_ports, service_ports)
    }
}
