//! The diagnostic codes of the passes, listed once; each check builds its
//! diagnostics next to the rule it checks (`validate/`, `resolve.rs`, …).

stackc_ir::codes! {
    CompletedNotJob = "stackc::completed-not-job",
    ContainerNameReplicas = "stackc::container-name-replicas",
    DependencyCycle = "stackc::dependency-cycle",
    DuplicateContainerName = "stackc::duplicate-container-name",
    ServiceNamesDifferInCase = "stackc::service-names-differ-in-case",
    DuplicateHostPort = "stackc::duplicate-host-port",
    DuplicateMountTarget = "stackc::duplicate-mount-target",
    HealthyJob = "stackc::healthy-job",
    HealthyWithoutHealthcheck = "stackc::healthy-without-healthcheck",
    HostPortRangeReplicas = "stackc::host-port-range-replicas",
    HostPortReplicas = "stackc::host-port-replicas",
    ImageCycle = "stackc::image-cycle",
    JobExec = "stackc::job-exec",
    JobReplicas = "stackc::job-replicas",
    JobRestart = "stackc::job-restart",
    ProfileDependency = "stackc::profile-dependency",
    SecretReservedKey = "stackc::secret-reserved-key",
    SelfDependency = "stackc::self-dependency",
    UnknownNetwork = "stackc::unknown-network",
    UnknownProfile = "stackc::unknown-profile",
    UnknownService = "stackc::unknown-service",
    UnknownVolume = "stackc::unknown-volume",
    VolumesFromSelf = "stackc::volumes-from-self",
}
