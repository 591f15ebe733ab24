//! Compose's short syntax of a published port,
//! `[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]`, in one place: the frontend
//! checks literal ports with it at compile time, argv and kube a port a
//! parameter completes; the scripts' `_sc_port_ref` checks the same grammar
//! when they run.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::stack::{Port, PortRange, Protocol};

/// What is wrong with a port mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortError {
    Malformed,
    OutOfRange(String),
    Mismatch(PortRange, PortRange),
    BadIp(String),
    BadProtocol(String),
}

/// Compose short syntax.
pub fn parse_short(text: &str) -> Result<Port, PortError> {
    let (rest, protocol) = match text.rsplit_once('/') {
        Some((rest, protocol)) => (rest, parse_protocol(protocol)?),
        None => (text, Protocol::Tcp),
    };
    let (host_ip, host, container) = if let Some(after) = rest.strip_prefix('[') {
        let (ip, tail) = after.split_once(']').ok_or(PortError::Malformed)?;
        let tail = tail.strip_prefix(':').ok_or(PortError::Malformed)?;
        if ip.parse::<Ipv6Addr>().is_err() {
            return Err(PortError::BadIp(format!("[{ip}]")));
        }
        let (host, container) = tail.split_once(':').ok_or(PortError::Malformed)?;
        (Some(ip), Some(host), container)
    } else {
        let parts: Vec<&str> = rest.split(':').collect();
        match parts.as_slice() {
            [container] => (None, None, *container),
            [host, container] => (None, Some(*host), *container),
            [ip, host, container] => {
                if ip.parse::<Ipv4Addr>().is_err() {
                    return Err(PortError::BadIp((*ip).to_owned()));
                }
                (Some(*ip), Some(*host), *container)
            }
            _ => return Err(PortError::Malformed),
        }
    };
    let published = match host {
        // `127.0.0.1::80`: the engine picks the host port.
        Some("") if host_ip.is_some() => None,
        Some(host) => Some(parse_range(host)?),
        None => None,
    };
    let target = parse_range(container)?;
    // A host range for one container port: docker binds one port of the
    // range; with replicas, each replica gets one (validate checks the
    // count).
    if let Some(published) = published
        && published.end - published.start != target.end - target.start
        && target.start != target.end
    {
        return Err(PortError::Mismatch(published, target));
    }
    Ok(Port {
        host_ip: host_ip.map(str::to_owned),
        published,
        target,
        protocol,
    })
}

pub fn parse_protocol(text: &str) -> Result<Protocol, PortError> {
    match text {
        "tcp" => Ok(Protocol::Tcp),
        "udp" => Ok(Protocol::Udp),
        "sctp" => Ok(Protocol::Sctp),
        _ => Err(PortError::BadProtocol(text.to_owned())),
    }
}

/// `80` or `8000-8010`.
pub fn parse_range(text: &str) -> Result<PortRange, PortError> {
    let (start, end) = match text.split_once('-') {
        Some((start, end)) => (parse_port(start)?, parse_port(end)?),
        None => {
            let port = parse_port(text)?;
            (port, port)
        }
    };
    if start > end {
        return Err(PortError::Malformed);
    }
    Ok(PortRange { start, end })
}

fn parse_port(text: &str) -> Result<u16, PortError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PortError::Malformed);
    }
    match text.parse::<u16>() {
        Ok(port) if port != 0 => Ok(port),
        _ => Err(PortError::OutOfRange(text.to_owned())),
    }
}
