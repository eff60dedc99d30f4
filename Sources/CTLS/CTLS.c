#include "CTLS.h"

#include <openssl/x509v3.h>
#include <string.h>

SSL_CTX *ctls_client_context(void) {
    SSL_CTX *context = SSL_CTX_new(TLS_client_method());
    if (context == NULL) return NULL;
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_mode(context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
    if (SSL_CTX_set_default_verify_paths(context) != 1) ERR_clear_error();
    return context;
}

int ctls_add_trusted_file(SSL_CTX *context, const char *path) {
    ERR_clear_error();
    return SSL_CTX_load_verify_locations(context, path, NULL) == 1;
}

SSL *ctls_client_session(SSL_CTX *context, int fd, const char *host) {
    SSL *ssl = SSL_new(context);
    if (ssl == NULL) return NULL;
    X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    int ok;
    if (X509_VERIFY_PARAM_set1_ip_asc(param, host) == 1) {
        ok = 1;
    } else {
        ERR_clear_error();
        ok = SSL_set1_host(ssl, host) == 1 && SSL_set_tlsext_host_name(ssl, host) == 1;
    }
    if (!ok || SSL_set_fd(ssl, fd) != 1) {
        SSL_free(ssl);
        return NULL;
    }
    SSL_set_connect_state(ssl);
    return ssl;
}

void ctls_error_text(char *buffer, size_t size) {
    if (size == 0) return;
    buffer[0] = 0;
    unsigned long code = ERR_get_error();
    if (code != 0) {
        const char *reason = ERR_reason_error_string(code);
        if (reason != NULL) {
            strncpy(buffer, reason, size - 1);
            buffer[size - 1] = 0;
        } else {
            ERR_error_string_n(code, buffer, size);
        }
    }
    ERR_clear_error();
}

void ctls_clear_errors(void) {
    ERR_clear_error();
}
