/*
 * hello_probe: sends one hand-made ClientHello and prints what the server
 * answered, on one line, for tests/tlsscan/run.sh. It checks what the
 * scanner cannot test with the local OpenSSL (compression: Debian's
 * OpenSSL has no zlib) and repeats the protocol and cipher checks by other
 * means.
 *
 *   hello_probe HOST PORT MODE
 *
 * MODE        ClientHello
 *   tls12     TLS 1.2, the six ECDHE AEAD suites, null compression
 *   compress  as tls12, compression methods DEFLATE and null
 *   deflate   as tls12, DEFLATE only (no null)
 *   heartbeat as tls12, with the heartbeat extension (RFC 6520)
 *   weak      TLS 1.2 offering only CBC, RC4, 3DES, NULL, EXPORT,
 *             anonymous and static-RSA suites
 *   tls11 tls10 ssl3   that version, with suites it allows
 *
 * Output: "server_hello version=0303 cipher=c02f compression=0
 * extensions=ff01,000b" or "alert level=2 description=40" or "closed" or
 * "error ...". Exit status 0 when a reply was read, 1 on an error.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static unsigned char msg[4096];
static size_t len;

static void u8(unsigned v) { msg[len++] = (unsigned char)v; }
static void u16(unsigned v) {
    u8(v >> 8);
    u8(v & 0xff);
}
static void u24(unsigned v) {
    u8(v >> 16);
    u16(v & 0xffff);
}
/* Writes a length (of n bytes) at pos, counting from pos + n to the end. */
static void patch(size_t pos, int n) {
    size_t v = len - pos - (size_t)n;
    for (int i = n - 1; i >= 0; i--) {
        msg[pos + (size_t)i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

static void hello(unsigned version, const unsigned *suites, int ns, const unsigned char *comp,
                  int nc, int heartbeat) {
    len = 0;
    u8(0x16);
    u16(version == 0x0300 ? 0x0300 : 0x0301);
    size_t rec = len;
    u16(0);
    u8(0x01); /* ClientHello */
    size_t hs = len;
    u24(0);
    u16(version);
    for (int i = 0; i < 32; i++) {
        u8((unsigned)rand() & 0xff);
    }
    u8(0); /* no session id */
    u16((unsigned)ns * 2);
    for (int i = 0; i < ns; i++) {
        u16(suites[i]);
    }
    u8((unsigned)nc);
    for (int i = 0; i < nc; i++) {
        u8(comp[i]);
    }
    if (version != 0x0300) {
        size_t ext = len;
        u16(0);
        u16(0x000a); /* supported_groups: x25519, P-256, P-384 */
        u16(8);
        u16(6);
        u16(0x001d);
        u16(0x0017);
        u16(0x0018);
        u16(0x000b); /* ec_point_formats: uncompressed */
        u16(2);
        u8(1);
        u8(0);
        u16(0x000d); /* signature_algorithms */
        static const unsigned sig[] = {0x0403, 0x0503, 0x0804, 0x0805,
                                       0x0401, 0x0501, 0x0201, 0x0203};
        u16(2 + 2 * 8);
        u16(2 * 8);
        for (int i = 0; i < 8; i++) {
            u16(sig[i]);
        }
        u16(0xff01); /* renegotiation_info, empty */
        u16(1);
        u8(0);
        if (heartbeat) {
            u16(0x000f); /* heartbeat: peer_allowed_to_send */
            u16(1);
            u8(1);
        }
        patch(ext, 2);
    }
    patch(hs, 3);
    patch(rec, 2);
}

/* Reads exactly n bytes within the deadline poll allows; 0, or -1 at EOF. */
static int read_n(int fd, unsigned char *p, size_t n) {
    size_t got = 0;
    while (got < n) {
        struct pollfd pfd = {fd, POLLIN, 0};
        if (poll(&pfd, 1, 5000) <= 0) {
            return -2;
        }
        ssize_t r = read(fd, p + got, n - got);
        if (r <= 0) {
            return -1;
        }
        got += (size_t)r;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s HOST PORT MODE\n", argv[0]);
        return 2;
    }
    static const unsigned aead[] = {0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8};
    /* CBC (ECDHE, DHE, static RSA), RC4, 3DES, NULL, EXPORT, anonymous */
    static const unsigned weak[] = {0xc009, 0xc013, 0xc00a, 0xc014, 0xc023, 0xc027, 0xc024, 0xc028,
                                    0x0033, 0x0039, 0x002f, 0x0035, 0x003c, 0x003d, 0x0005, 0x0004,
                                    0xc011, 0xc007, 0x000a, 0xc012, 0xc008, 0x0016, 0x0001, 0x0002,
                                    0x003b, 0xc010, 0xc006, 0x0003, 0x0006, 0x0008, 0x0014, 0x0018,
                                    0x001b, 0x0034, 0xc018, 0xc019, 0x009c, 0x009d};
    static const unsigned old[] = {0xc009, 0xc013, 0xc00a, 0xc014, 0x002f, 0x0035, 0x000a};
    static const unsigned char nul[] = {0}, both[] = {1, 0}, deflate[] = {1};
    const char *mode = argv[3];
    srand((unsigned)getpid());
    if (!strcmp(mode, "tls12")) {
        hello(0x0303, aead, 6, nul, 1, 0);
    } else if (!strcmp(mode, "compress")) {
        hello(0x0303, aead, 6, both, 2, 0);
    } else if (!strcmp(mode, "deflate")) {
        hello(0x0303, aead, 6, deflate, 1, 0);
    } else if (!strcmp(mode, "heartbeat")) {
        hello(0x0303, aead, 6, nul, 1, 1);
    } else if (!strcmp(mode, "weak")) {
        hello(0x0303, weak, (int)(sizeof weak / sizeof weak[0]), nul, 1, 0);
    } else if (!strcmp(mode, "tls11")) {
        hello(0x0302, old, 7, nul, 1, 0);
    } else if (!strcmp(mode, "tls10")) {
        hello(0x0301, old, 7, nul, 1, 0);
    } else if (!strcmp(mode, "ssl3")) {
        hello(0x0300, old, 7, nul, 1, 0);
    } else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }

    struct addrinfo hints = {0}, *ai;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(argv[1], argv[2], &hints, &ai) != 0) {
        printf("error resolve\n");
        return 1;
    }
    int fd = socket(ai->ai_family, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        printf("error connect\n");
        return 1;
    }
    freeaddrinfo(ai);
    if (write(fd, msg, len) != (ssize_t)len) {
        printf("error write\n");
        return 1;
    }
    unsigned char h[5], body[16384 + 2048];
    int r = read_n(fd, h, 5);
    if (r == -1) {
        printf("closed\n");
        return 0;
    }
    if (r != 0) {
        printf("error timeout\n");
        return 1;
    }
    size_t rl = (size_t)h[3] << 8 | h[4];
    if (rl > sizeof body || read_n(fd, body, rl) != 0) {
        printf("error record length %zu\n", rl);
        return 1;
    }
    if (h[0] == 0x15 && rl >= 2) {
        printf("alert level=%u description=%u\n", body[0], body[1]);
        return 0;
    }
    if (h[0] != 0x16 || rl < 4 || body[0] != 0x02) {
        printf("error unexpected record type %u\n", h[0]);
        return 1;
    }
    /* ServerHello: version, random, session id, suite, compression, exts */
    size_t p = 4;
    unsigned version = (unsigned)body[p] << 8 | body[p + 1];
    p += 2 + 32;
    p += 1 + body[p];
    if (p + 3 > rl) {
        printf("error short ServerHello\n");
        return 1;
    }
    unsigned suite = (unsigned)body[p] << 8 | body[p + 1];
    unsigned comp = body[p + 2];
    p += 3;
    char exts[512] = "";
    if (p + 2 <= rl) {
        size_t end = p + 2 + ((size_t)body[p] << 8 | body[p + 1]);
        p += 2;
        while (p + 4 <= end && p + 4 <= rl && strlen(exts) < sizeof exts - 8) {
            unsigned t = (unsigned)body[p] << 8 | body[p + 1];
            size_t el = (size_t)body[p + 2] << 8 | body[p + 3];
            snprintf(exts + strlen(exts), 8, "%s%04x", exts[0] ? "," : "", t);
            p += 4 + el;
        }
    }
    printf("server_hello version=%04x cipher=%04x compression=%u extensions=%s\n", version, suite,
           comp, exts);
    close(fd);
    return 0;
}
