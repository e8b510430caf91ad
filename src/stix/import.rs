//! Reading STIX 2.1 bundles into a case.
