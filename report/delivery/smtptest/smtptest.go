// Package smtptest runs a real SMTP server (github.com/emersion/go-smtp) on
// 127.0.0.1 for tests: plain, with STARTTLS, or with implicit TLS, with a
// self-signed certificate made for the test, an optional login and a
// recipient it refuses. It records every message it accepts. Import it from
// _test.go files only.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options choose how the server behaves.
type Options struct {
	// StartTLS offers STARTTLS; ImplicitTLS speaks TLS from the first byte
	// (as on port 465). Neither: plain SMTP only.
	StartTLS, ImplicitTLS bool
	// User and Password, when set, are the only login accepted (AUTH PLAIN),
	// and a message is refused without it.
	User, Password string
	// RefuseRecipient is refused with 550 5.1.1 at RCPT TO.
	RefuseRecipient string
	// CertNames, when set, are the only names in the certificate (instead of
	// 127.0.0.1, ::1 and localhost).
	CertNames []string
}

// Received is one message the server accepted.
type Received struct {
	From     string
	To       []string
	Data     []byte
	TLS      bool   // the session was encrypted
	AuthUser string // who logged in, if anyone
}

// Server is a running test server.
type Server struct {
	Host string // "127.0.0.1"
	Port int
	// Roots trusts the server's certificate.
	Roots *x509.CertPool

	mu       sync.Mutex
	received []Received
}

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Messages returns what the server has accepted so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Start starts a server on 127.0.0.1 on a free port; it stops when the test ends.
func Start(tb testing.TB, o Options) *Server {
	tb.Helper()
	cert, roots := selfSigned(tb, o.CertNames)
	tlsConfig := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	srv := &Server{Host: "127.0.0.1", Roots: roots}
	be := smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &session{srv: srv, o: o, conn: c, tls: isTLS}, nil
	})
	s := smtp.NewServer(be)
	s.Domain = "localhost"
	s.ReadTimeout = 10 * time.Second
	s.WriteTimeout = 10 * time.Second
	s.MaxMessageBytes = 64 << 20
	s.AllowInsecureAuth = !o.StartTLS && !o.ImplicitTLS
	if o.StartTLS {
		s.TLSConfig = tlsConfig
	}
	var l net.Listener
	var err error
	if o.ImplicitTLS {
		l, err = tls.Listen("tcp", "127.0.0.1:0", tlsConfig)
	} else {
		l, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		tb.Fatal(err)
	}
	srv.Port = l.Addr().(*net.TCPAddr).Port
	go s.Serve(l)
	tb.Cleanup(func() { s.Close() })
	return srv
}

type session struct {
	srv  *Server
	o    Options
	conn *smtp.Conn
	tls  bool
	user string
	from string
	to   []string
}

func (s *session) AuthMechanisms() []string {
	if s.o.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.o.User || password != s.o.Password {
			return smtp.ErrAuthFailed
		}
		s.user = username
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.o.User != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.o.RefuseRecipient != "" && strings.EqualFold(to, s.o.RefuseRecipient) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := s.conn.TLSConnectionState()
	s.srv.mu.Lock()
	s.srv.received = append(s.srv.received, Received{From: s.from, To: s.to, Data: data, TLS: isTLS, AuthUser: s.user})
	s.srv.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and localhost (or for names),
// valid for a day.
func selfSigned(tb testing.TB, names []string) (tls.Certificate, *x509.CertPool) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "covenant test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	if len(names) > 0 {
		tpl.IPAddresses, tpl.DNSNames = nil, names
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// Silent listens on 127.0.0.1 and accepts connections but never says a word,
// like a server that hangs; it returns host:port.
func Silent(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	tb.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return l.Addr().String()
}

// ClosedPort returns a 127.0.0.1 address where nothing listens.
func ClosedPort(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// ErrNoMessage is returned by Only when the server received no message.
var ErrNoMessage = errors.New("smtptest: no message received")

// Only returns the one message received, or an error.
func (s *Server) Only() (Received, error) {
	m := s.Messages()
	switch len(m) {
	case 0:
		return Received{}, ErrNoMessage
	case 1:
		return m[0], nil
	}
	return Received{}, errors.New("smtptest: " + strconv.Itoa(len(m)) + " messages received, want 1")
}

// Parsed is a message read back with net/mail and mime/multipart.
type Parsed struct {
	Header      mail.Header
	Subject     string // decoded
	Body        string // the text/plain part, decoded
	Attachments []Attachment
}

// Attachment is an attached file read back.
type Attachment struct {
	Name        string
	ContentType string // without parameters
	Data        []byte
}

// Parse reads an RFC 5322 message: headers, the decoded subject, the plain
// text body and every attachment, decoded.
func Parse(data []byte) (*Parsed, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	dec := new(mime.WordDecoder)
	p := &Parsed{Header: msg.Header}
	if p.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return nil, fmt.Errorf("subject: %v", err)
	}
	err = p.walk(textproto.MIMEHeader(msg.Header), msg.Body)
	return p, err
}

func (p *Parsed) walk(h textproto.MIMEHeader, body io.Reader) error {
	ct, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		ct = "text/plain"
	}
	if strings.HasPrefix(ct, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := p.walk(part.Header, part); err != nil {
				return err
			}
		}
	}
	var r io.Reader = body
	switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	if disp == "attachment" || dparams["filename"] != "" {
		name := dparams["filename"]
		if name == "" {
			name = params["name"]
		}
		p.Attachments = append(p.Attachments, Attachment{Name: name, ContentType: ct, Data: data})
		return nil
	}
	if ct == "text/plain" && p.Body == "" {
		p.Body = strings.ReplaceAll(string(data), "\r\n", "\n")
	}
	return nil
}
