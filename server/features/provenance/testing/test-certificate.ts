/**
 * A self-signed certificate for tests of trust-list handling (CN "Loupe test anchor (not for
 * production)", ECDSA P-256, made with openssl; its private key was thrown away).
 */
export const TEST_CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIBuDCCAV+gAwIBAgIUcpiZt+KUDQaUlGO/2PQSrEa28PAwCgYIKoZIzj0EAwIw
MTEvMC0GA1UEAwwmTG91cGUgdGVzdCBhbmNob3IgKG5vdCBmb3IgcHJvZHVjdGlv
bikwIBcNMjYxMTI1MjAxNDMyWhgPMjEyNjExMDEyMDE0MzJaMDExLzAtBgNVBAMM
JkxvdXBlIHRlc3QgYW5jaG9yIChub3QgZm9yIHByb2R1Y3Rpb24pMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEuVkFw8H2Q9DxP6iy5InAi+XpJhnr8MOw4ORTO2u+
hzwuMaSR93UAFQEHVAjBCbb34X1NHf2gZ3NNxQhazYuumqNTMFEwHQYDVR0OBBYE
FEM5+rVZPSrE0AQpgEw9Elm1Y+AaMB8GA1UdIwQYMBaAFEM5+rVZPSrE0AQpgEw9
Elm1Y+AaMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgOM00dD3o
/bhGhC0R6b5ltiWBh8fEH+54o9X1iK9qd2wCIDjcB3bWevW4BmjQmWRwnP3IYgSS
8eAaxfCRgul4qBJj
-----END CERTIFICATE-----
`;
