package delivery

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Default waits. Every step of the conversation must get an answer within
// IdleTimeout, and the whole of it end within Timeout, so that a server that
// is down, or up but silent, never leaves the command hanging.
const (
	DefaultConnectTimeout = 15 * time.Second
	DefaultIdleTimeout    = 60 * time.Second
	DefaultTimeout        = 5 * time.Minute
	// DefaultPort is the message submission port (RFC 6409), with STARTTLS.
	DefaultPort = 587
	// ImplicitTLSPort is submission over TLS from the first byte (RFC 8314).
	ImplicitTLSPort = 465
)

// Server is where and how to send.
type Server struct {
	Host string
	Port int // 0: DefaultPort
	// User and Password log in (SMTP AUTH) when User is set.
	User, Password string
	// Insecure allows plain SMTP (STARTTLS is still used when the server
	// offers it), and only to a relay on this machine (a loopback address).
	Insecure bool
	// ConnectTimeout bounds the TCP connection and the TLS handshake;
	// IdleTimeout each step; Timeout the whole conversation. Zero: the defaults.
	ConnectTimeout, IdleTimeout, Timeout time.Duration
	// RootCAs verifies the server's certificate; nil: the system's roots.
	RootCAs *x509.CertPool
	// Implicit asks for implicit TLS on a port other than 465.
	Implicit bool
}

// Addr is host:port.
func (s Server) Addr() string {
	return net.JoinHostPort(s.Host, strconv.Itoa(s.port()))
}

func (s Server) port() int {
	if s.Port == 0 {
		return DefaultPort
	}
	return s.Port
}

// ImplicitTLS reports whether TLS starts with the connection (port 465).
func (s Server) ImplicitTLS() bool { return s.Implicit || s.port() == ImplicitTLSPort }

// Check refuses settings that cannot work or that would send in the clear
// beyond this machine.
func (s Server) Check() error {
	if s.Host == "" {
		return errors.New("no SMTP server: give --smtp HOST:PORT or set COVENANT_SMTP_HOST (or write the message with --eml FILE)")
	}
	if s.Port < 0 || s.Port > 65535 {
		return fmt.Errorf("SMTP port %d is not a port number", s.Port)
	}
	if s.Password != "" && s.User == "" {
		return errors.New("COVENANT_SMTP_PASSWORD is set but no user: set COVENANT_SMTP_USER too")
	}
	if s.Insecure && !IsLoopback(s.Host) {
		return fmt.Errorf("--smtp-insecure is allowed only for a relay on this machine (localhost, 127.0.0.1 or ::1), not %s: the report is confidential (§6) and must not cross a network unencrypted", s.Host)
	}
	return nil
}

// IsLoopback reports whether host is a loopback address, or "localhost"
// resolving only to loopback addresses.
func IsLoopback(host string) bool {
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback()
	}
	if !strings.EqualFold(host, "localhost") {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil || len(ips) == 0 {
		return false
	}
	for _, ip := range ips {
		if !ip.IP.IsLoopback() {
			return false
		}
	}
	return true
}

// Receipt says what the server accepted.
type Receipt struct {
	MessageID  string
	Server     string   // host:port
	Security   string   // "implicit TLS", "STARTTLS" or "none (plain SMTP on loopback)"
	TLSVersion string   // e.g. "TLS 1.3"; empty without TLS
	Recipients []string // every To and Cc, all accepted
	// Response is the server's answer to the message (e.g. "250 2.0.0 OK queued").
	Response string
}

// Failure kinds, for SendError.Kind.
const (
	KindConnect   = "connection"
	KindTimeout   = "timeout"
	KindTLS       = "TLS"
	KindAuth      = "authentication"
	KindSender    = "sender refused"
	KindRecipient = "recipient refused"
	KindMessage   = "message refused"
	KindProtocol  = "SMTP"
)

// SendError is a failure to send, in one line that says what failed.
type SendError struct {
	Kind   string // one of the Kind constants
	Server string // host:port
	Msg    string // what happened, for a person
	Err    error  // the underlying error
}

func (e *SendError) Error() string {
	return oneLine(e.Msg) + " (nothing was sent)"
}

func (e *SendError) Unwrap() error { return e.Err }

// oneLine joins a multi-line server reply into one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// quotedReply matches a server reply as net/textproto prints it: 535 "5.7.8 ...".
var quotedReply = regexp.MustCompile(`\b(\d{3}) ("(?:[^"\\]|\\.)*")`)

// cleanReply prints server replies as the server sent them, on one line.
func cleanReply(s string) string {
	s = quotedReply.ReplaceAllStringFunc(s, func(m string) string {
		sub := quotedReply.FindStringSubmatch(m)
		if u, err := strconv.Unquote(sub[2]); err == nil {
			return sub[1] + " " + u
		}
		return m
	})
	return oneLine(s)
}

// Send sends the message over SMTP and returns the receipt once the server has
// accepted it for every recipient. Any error means the server did not accept
// the message.
func Send(ctx context.Context, s Server, m *Message) (*Receipt, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	msg, err := m.build(false)
	if err != nil {
		return nil, err
	}
	connectTimeout, idle, total := s.ConnectTimeout, s.IdleTimeout, s.Timeout
	if connectTimeout <= 0 {
		connectTimeout = DefaultConnectTimeout
	}
	if idle <= 0 {
		idle = DefaultIdleTimeout
	}
	if total <= 0 {
		total = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, total)
	defer cancel()
	deadline, _ := ctx.Deadline()
	addr := s.Addr()
	tlsConfig := &tls.Config{ServerName: strings.Trim(s.Host, "[]"), RootCAs: s.RootCAs, MinVersion: tls.VersionTLS12}

	var dialErr error // what the dialer itself saw, classified
	dial := func(dctx context.Context, network, address string) (net.Conn, error) {
		d := net.Dialer{Timeout: connectTimeout}
		raw, err := d.DialContext(dctx, network, address)
		if err != nil {
			dialErr = connectError(addr, err, connectTimeout)
			return nil, dialErr
		}
		if s.Insecure {
			// Resolved somewhere else after all? Then it is not a local relay.
			if ta, ok := raw.RemoteAddr().(*net.TCPAddr); !ok || !ta.IP.IsLoopback() {
				raw.Close()
				dialErr = &SendError{Kind: KindConnect, Server: addr, Msg: fmt.Sprintf("--smtp-insecure: %s connected to %v, which is not on this machine", addr, raw.RemoteAddr())}
				return nil, dialErr
			}
		}
		conn := &boundedConn{Conn: raw, idle: idle, overall: deadline}
		if !s.ImplicitTLS() {
			return conn, nil
		}
		tc := tls.Client(conn, tlsConfig)
		hctx, hcancel := context.WithTimeout(dctx, connectTimeout)
		defer hcancel()
		if err := tc.HandshakeContext(hctx); err != nil {
			raw.Close()
			dialErr = &SendError{Kind: KindTLS, Server: addr, Err: err,
				Msg: fmt.Sprintf("TLS with the SMTP server %s failed: %s", addr, tlsReason(err))}
			return nil, dialErr
		}
		return tc, nil
	}

	opts := []gomail.Option{
		gomail.WithPort(s.port()),
		gomail.WithTimeout(total),
		gomail.WithDialContextFunc(dial),
		gomail.WithTLSConfig(tlsConfig),
		gomail.WithoutNoop(),
	}
	switch {
	case s.ImplicitTLS():
		// TLS is already up when the server greets; no STARTTLS on top.
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case s.Insecure:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.User != "" {
		// PLAIN and LOGIN refuse to run without TLS (except to localhost).
		opts = append(opts, gomail.WithUsername(s.User), gomail.WithPassword(s.Password),
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1,
				gomail.SMTPAuthCramMD5, gomail.SMTPAuthPlain, gomail.SMTPAuthLogin))
	}
	client, err := gomail.NewClient(s.Host, opts...)
	if err != nil {
		return nil, &SendError{Kind: KindProtocol, Server: addr, Err: err, Msg: fmt.Sprintf("SMTP settings for %s: %v", addr, err)}
	}

	type result struct {
		r   *Receipt
		err error
	}
	done := make(chan result, 1)
	var mu sync.Mutex
	var sc interface{ Close() error }
	abort := func() {
		mu.Lock()
		defer mu.Unlock()
		if sc != nil {
			sc.Close()
		}
	}
	go func() {
		smtpClient, err := client.DialToSMTPClientWithContext(ctx)
		if err != nil {
			if dialErr != nil {
				done <- result{err: dialErr}
				return
			}
			done <- result{err: classifyDial(addr, s, err, ctx, idle, total)}
			return
		}
		mu.Lock()
		sc = smtpClient
		mu.Unlock()
		r := &Receipt{MessageID: msg.GetMessageID(), Server: addr, Recipients: append(append([]string(nil), m.To...), m.Cc...)}
		switch state, err := smtpClient.GetTLSConnectionState(); {
		case err == nil && state != nil && state.HandshakeComplete:
			r.Security, r.TLSVersion = "STARTTLS", tls.VersionName(state.Version)
			if s.ImplicitTLS() {
				r.Security = "implicit TLS"
			}
		default:
			r.Security = "none (plain SMTP to a relay on this machine)"
		}
		err = client.SendWithSMTPClient(smtpClient, msg)
		if msg.IsDelivered() {
			// Accepted: a failure to say goodbye does not undo that.
			r.Response = oneLine(msg.ServerResponse())
			client.CloseWithSMTPClient(smtpClient)
			done <- result{r: r}
			return
		}
		smtpClient.Close()
		done <- result{err: classifySend(addr, err, ctx, idle, total)}
	}()
	select {
	case res := <-done:
		return res.r, res.err
	case <-ctx.Done():
		abort()
		// The conversation may have finished in the same instant.
		select {
		case res := <-done:
			if res.err == nil {
				return res.r, nil
			}
		case <-time.After(2 * time.Second):
		}
		return nil, &SendError{Kind: KindTimeout, Server: addr, Err: ctx.Err(),
			Msg: fmt.Sprintf("the SMTP server %s did not finish within %v", addr, total)}
	}
}

// boundedConn keeps every read and write within the idle timeout and the
// overall deadline, whatever deadline the SMTP client asks for.
type boundedConn struct {
	net.Conn
	idle    time.Duration
	overall time.Time
	mu      sync.Mutex
	rd, wd  time.Time // deadlines the client asked for
}

func (c *boundedConn) limit(asked time.Time) time.Time {
	t := time.Now().Add(c.idle)
	if !c.overall.IsZero() && c.overall.Before(t) {
		t = c.overall
	}
	if !asked.IsZero() && asked.Before(t) {
		t = asked
	}
	return t
}

func (c *boundedConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	t := c.limit(c.rd)
	c.mu.Unlock()
	c.Conn.SetReadDeadline(t)
	return c.Conn.Read(p)
}

func (c *boundedConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	t := c.limit(c.wd)
	c.mu.Unlock()
	c.Conn.SetWriteDeadline(t)
	return c.Conn.Write(p)
}

func (c *boundedConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	c.rd, c.wd = t, t
	c.mu.Unlock()
	return nil
}

func (c *boundedConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	c.rd = t
	c.mu.Unlock()
	return nil
}

func (c *boundedConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	c.wd = t
	c.mu.Unlock()
	return nil
}

// connectError explains a failed TCP connection.
func connectError(addr string, err error, timeout time.Duration) error {
	e := &SendError{Kind: KindConnect, Server: addr, Err: err}
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		e.Msg = fmt.Sprintf("cannot connect to the SMTP server %s: connection refused (is the server down, or is it another port?)", addr)
	case errors.As(err, &dnsErr):
		e.Msg = fmt.Sprintf("cannot find the SMTP server %s: %s", addr, dnsErr.Err)
	case isTimeout(err):
		e.Kind = KindTimeout
		e.Msg = fmt.Sprintf("cannot connect to the SMTP server %s: no answer within %v", addr, timeout)
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		e.Msg = fmt.Sprintf("cannot connect to the SMTP server %s: the network or host is unreachable", addr)
	default:
		e.Msg = fmt.Sprintf("cannot connect to the SMTP server %s: %v", addr, err)
	}
	return e
}

// overdue reports whether the overall deadline has passed (the connection's
// deadline may fire a moment before the context's timer).
func overdue(ctx context.Context) bool {
	d, ok := ctx.Deadline()
	return ctx.Err() != nil || (ok && !time.Now().Before(d))
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// tlsReason says why a TLS handshake failed, in words.
func tlsReason(err error) string {
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	var record tls.RecordHeaderError
	var alert tls.AlertError
	switch {
	case errors.As(err, &unknown):
		return "its certificate is not signed by an authority this computer trusts (self-signed?)"
	case errors.As(err, &host):
		return fmt.Sprintf("its certificate is not for this host name (%v)", host.Error())
	case errors.As(err, &invalid):
		return fmt.Sprintf("its certificate is not valid (%v)", invalid.Error())
	case errors.As(err, &record):
		return "the server does not speak TLS on this port (plain SMTP? use STARTTLS on port 587)"
	case errors.As(err, &alert):
		return fmt.Sprintf("the server ended the handshake (%v)", alert)
	case isTimeout(err):
		return "the handshake did not finish in time"
	}
	return cleanReply(err.Error())
}

func isTLSError(err error) bool {
	var cve *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	var record tls.RecordHeaderError
	var alert tls.AlertError
	return errors.As(err, &cve) || errors.As(err, &unknown) || errors.As(err, &host) || errors.As(err, &invalid) ||
		errors.As(err, &record) || errors.As(err, &alert) || strings.Contains(err.Error(), "tls: ")
}

// classifyDial explains a failure between the greeting and the end of login.
func classifyDial(addr string, s Server, err error, ctx context.Context, idle, total time.Duration) error {
	e := &SendError{Server: addr, Err: err}
	msg := cleanReply(err.Error())
	var tp *textproto.Error
	switch {
	case overdue(ctx):
		e.Kind = KindTimeout
		e.Msg = fmt.Sprintf("the SMTP server %s did not finish within %v", addr, total)
	case strings.Contains(msg, "does not support STARTTLS"):
		e.Kind = KindTLS
		e.Msg = fmt.Sprintf("the SMTP server %s does not offer STARTTLS, and covenant does not send reports unencrypted (§6): use port 465 (implicit TLS), a server that offers STARTTLS, or --smtp-insecure for a relay on this machine", addr)
	case isTLSError(err):
		e.Kind = KindTLS
		e.Msg = fmt.Sprintf("TLS with the SMTP server %s failed: %s", addr, tlsReason(err))
	case strings.HasPrefix(msg, "SMTP AUTH failed"):
		e.Kind = KindAuth
		reply := strings.TrimSpace(strings.TrimPrefix(msg, "SMTP AUTH failed:"))
		e.Msg = fmt.Sprintf("the SMTP server %s refused the login of %s: %s (check COVENANT_SMTP_USER and COVENANT_SMTP_PASSWORD)", addr, s.User, reply)
	case strings.Contains(msg, "does not support SMTP AUTH"):
		e.Kind = KindAuth
		e.Msg = fmt.Sprintf("the SMTP server %s does not offer a login (AUTH), but COVENANT_SMTP_USER is set: unset it, or use the submission port", addr)
	case strings.Contains(strings.ToLower(msg), "auth") && (strings.Contains(msg, "not supported") || strings.Contains(msg, "no supported")):
		e.Kind = KindAuth
		e.Msg = fmt.Sprintf("the SMTP server %s offers no login method covenant can use over this connection: %s", addr, msg)
	case isTimeout(err):
		e.Kind = KindTimeout
		e.Msg = fmt.Sprintf("the SMTP server %s stopped answering (nothing within %v)", addr, idle)
	case errors.As(err, &tp):
		e.Kind = KindProtocol
		e.Msg = fmt.Sprintf("the SMTP server %s refused the connection: %d %s", addr, tp.Code, oneLine(tp.Msg))
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), strings.Contains(msg, "EOF"):
		e.Kind = KindConnect
		e.Msg = fmt.Sprintf("the SMTP server %s closed the connection: %v", addr, err)
	default:
		e.Kind = KindProtocol
		e.Msg = fmt.Sprintf("SMTP with %s failed: %v", addr, err)
	}
	return e
}

// classifySend explains a failure after login: sender, recipients, message.
func classifySend(addr string, err error, ctx context.Context, idle, total time.Duration) error {
	if err == nil {
		err = errors.New("the server did not confirm the message")
	}
	e := &SendError{Server: addr, Err: err, Kind: KindProtocol}
	if overdue(ctx) {
		e.Kind, e.Msg = KindTimeout, fmt.Sprintf("the SMTP server %s did not finish within %v", addr, total)
		return e
	}
	var se *gomail.SendError
	if !errors.As(err, &se) {
		if isTimeout(err) {
			e.Kind, e.Msg = KindTimeout, fmt.Sprintf("the SMTP server %s stopped answering (nothing within %v)", addr, idle)
		} else {
			e.Msg = fmt.Sprintf("SMTP with %s failed: %v", addr, err)
		}
		return e
	}
	// go-mail's text: "<step>: <replies>, affected recipient(s): <list>, affected message ID: <id>".
	text := se.Error()
	if i := strings.Index(text, ", affected message ID:"); i >= 0 {
		text = text[:i]
	}
	reply, rcpts := text, ""
	if i := strings.Index(text, ", affected recipient(s): "); i >= 0 {
		reply, rcpts = text[:i], text[i+len(", affected recipient(s): "):]
	}
	if i := strings.Index(reply, ": "); i >= 0 {
		reply = reply[i+2:]
	}
	reply = cleanReply(reply)
	switch se.Reason {
	case gomail.ErrSMTPRcptTo:
		e.Kind = KindRecipient
		e.Msg = fmt.Sprintf("the SMTP server %s refused the recipient %s: %s", addr, rcpts, reply)
	case gomail.ErrSMTPMailFrom:
		e.Kind = KindSender
		e.Msg = fmt.Sprintf("the SMTP server %s refused the sender: %s (is --from an address this account may send from?)", addr, reply)
	case gomail.ErrSMTPData, gomail.ErrSMTPDataClose, gomail.ErrWriteContent:
		e.Kind = KindMessage
		if isTimeout(err) {
			e.Kind, e.Msg = KindTimeout, fmt.Sprintf("the SMTP server %s stopped answering while the message was sent (nothing within %v)", addr, idle)
		} else {
			e.Msg = fmt.Sprintf("the SMTP server %s refused the message: %s", addr, reply)
		}
	case gomail.ErrConnCheck:
		e.Kind = KindConnect
		e.Msg = fmt.Sprintf("the connection to the SMTP server %s was lost: %s", addr, reply)
	default:
		e.Msg = fmt.Sprintf("SMTP with %s failed: %s", addr, cleanReply(text))
	}
	return e
}
