#ifndef CTLS_H
#define CTLS_H

// The system's OpenSSL (libssl, libcrypto), for the https transport of EvalKit, with small
// functions for what Swift cannot call: macros, and a few steps best done together.

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <stddef.h>

/// A client context: TLS 1.2 or later, the peer's certificate always verified against the
/// system's default paths; partial and moving writes allowed, idle buffers released. NULL on failure.
SSL_CTX *ctls_client_context(void);

/// Adds the certificates of a PEM file to the context's trusted roots: 1 on success, 0 when the
/// file cannot be read or holds no certificate (the reason is then in `ctls_error_text`).
int ctls_add_trusted_file(SSL_CTX *context, const char *path);

/// A client session on a connected socket: SNI for a host name, and the host name or IP address
/// the certificate must name. NULL on failure.
SSL *ctls_client_session(SSL_CTX *context, int fd, const char *host);

/// The oldest error on this thread's OpenSSL queue as text (empty when none), then clears the queue.
void ctls_error_text(char *buffer, size_t size);

/// Clears this thread's OpenSSL error queue, before an `SSL_*` call whose outcome `SSL_get_error` reads.
void ctls_clear_errors(void);

#endif
