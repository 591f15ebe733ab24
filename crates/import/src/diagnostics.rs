//! The diagnostic codes of the importer, listed once.

stackc_ir::codes! {
    ImportCheck = "stackc::import-check",
    ImportInvalid = "stackc::import-invalid",
    ImportUnsupported = "stackc::import-unsupported",
    ImportYaml = "stackc::import-yaml",
}
