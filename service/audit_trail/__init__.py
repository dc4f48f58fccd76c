"""Reading the audit trail (service.audit records it): the page and the API of the tenant's auditors."""
