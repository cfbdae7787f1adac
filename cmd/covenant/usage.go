package main

// What covenant says when the command line is wrong: one line on standard
// error naming what was typed and what to type instead, exit status 2, and
// nothing on standard output (urfave/cli would print the usage there).

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/calendar"
)

// helpCommand is covenant's own "help": urfave/cli's answers "No help topic"
// with exit status 3 and does not know subcommands.
var helpCommand = &cli.Command{
	Name:      "help",
	Usage:     "list the commands, or explain one: covenant help COMMAND",
	UsageText: "covenant help [COMMAND [SUBCOMMAND]]",
	ArgsUsage: "[COMMAND [SUBCOMMAND]]",
	Action: func(c *cli.Context) error {
		args := c.Args().Slice()
		if len(args) == 0 {
			return cli.ShowAppHelp(c)
		}
		list, parent := c.App.Commands, ""
		var cmd *cli.Command
		for _, name := range args {
			found := findCommand(list, name)
			if found == nil {
				if cmd != nil && len(cmd.Subcommands) == 0 {
					return usagef("help: %s has no subcommand %s (covenant help %s)", parent, name, parent)
				}
				return unknownCommand(list, parent, name)
			}
			cmd, list = found, found.Subcommands
			parent = strings.TrimSpace(parent + " " + found.Name)
		}
		if cmd.HelpName == "" {
			cmd.HelpName = "covenant " + parent
		}
		for _, sub := range cmd.Subcommands {
			if sub.HelpName == "" {
				sub.HelpName = cmd.HelpName + " " + sub.Name
			}
		}
		tmpl := cli.CommandHelpTemplate
		if len(cmd.Subcommands) > 0 {
			tmpl = cli.SubcommandHelpTemplate
		}
		cli.HelpPrinter(c.App.Writer, tmpl, cmd)
		return nil
	},
}

// withUsage gives the app covenant's answers to a wrong command line: an
// unknown command or flag with the nearest one, a missing required flag, extra
// arguments; "help" as a command; nothing on standard output.
func withUsage(app *cli.App) *cli.App {
	app.HideHelpCommand = true
	cmds := make([]*cli.Command, 0, len(app.Commands)+1)
	cmds = append(cmds, app.Commands...)
	if findCommand(cmds, helpCommand.Name) == nil {
		cmds = append(cmds, helpCommand)
	}
	app.Commands = cmds
	// urfave/cli adds --help only when it adds its own help command
	if findFlag(app.Flags, "help") == nil && cli.HelpFlag != nil {
		app.Flags = append(app.Flags, cli.HelpFlag)
	}
	app.OnUsageError = func(c *cli.Context, err error, _ bool) error {
		return flagError(c, app.Flags, "", err)
	}
	app.Action = func(c *cli.Context) error {
		if c.NArg() == 0 {
			return cli.ShowAppHelp(c)
		}
		return unknownCommand(c.App.Commands, "", c.Args().First())
	}
	prepareCommands(cmds, "")
	return app
}

var (
	preparedMu sync.Mutex
	// prepared are the commands whose flags and action withUsage has set up
	// (the command list is shared by every app run makes).
	prepared = map[*cli.Command]bool{}
)

// prepareCommands sets up each command once: flag errors answered in one
// line, required flags checked by covenant (urfave/cli prints the usage on
// standard output), extra arguments refused where the command takes none
// (its ArgsUsage is empty), and unknown subcommands named.
func prepareCommands(cmds []*cli.Command, parent string) {
	preparedMu.Lock()
	defer preparedMu.Unlock()
	prepareLocked(cmds, parent)
}

func prepareLocked(cmds []*cli.Command, parent string) {
	for _, cmd := range cmds {
		path := strings.TrimSpace(parent + " " + cmd.Name)
		if prepared[cmd] {
			continue
		}
		prepared[cmd] = true
		// urfave/cli would add its own help subcommand to every command
		cmd.HideHelpCommand = true
		cmd.OnUsageError = func(c *cli.Context, err error, _ bool) error {
			return flagError(c, cmd.Flags, path, err)
		}
		if len(cmd.Subcommands) > 0 {
			// a command with subcommands may do something itself too
			// (covenant breakdown, and breakdown answer)
			subs, own := cmd.Subcommands, cmd.Action
			cmd.Action = func(c *cli.Context) error {
				if c.NArg() == 0 {
					if own != nil {
						return own(c)
					}
					return cli.ShowSubcommandHelp(c)
				}
				return unknownCommand(subs, path, c.Args().First())
			}
			prepareLocked(subs, path)
			continue
		}
		if cmd == helpCommand {
			continue
		}
		required := takeRequired(cmd.Flags)
		action := cmd.Action
		noArgs := cmd.ArgsUsage == "" && !usageShowsArguments(cmd.UsageText, path)
		cmd.Action = func(c *cli.Context) error {
			if noArgs && c.NArg() > 0 {
				return extraArguments(path, c.Args().Slice())
			}
			if err := missingFlags(c, path, required); err != nil {
				return err
			}
			if action == nil {
				return nil
			}
			return action(c)
		}
	}
}

// usageShowsArguments says whether a command's usage line shows arguments
// besides flags and their values: "covenant ledger new [--loan] FILE.xlsx"
// does, "covenant monthly --ledger FILE --month YYYY-MM [--out FILE|DIR]" does
// not. A command declares its arguments with ArgsUsage; this reads those
// that only show them in UsageText.
func usageShowsArguments(usageText, path string) bool {
	line, _, _ := strings.Cut(usageText, "\n")
	// what is in brackets is optional flags
	var b strings.Builder
	depth := 0
	for _, r := range line {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	words := strings.Fields(b.String())
	skip := len(strings.Fields("covenant " + path))
	if len(words) < skip {
		return false
	}
	words = words[skip:]
	for i := 0; i < len(words); i++ {
		w := words[i]
		if strings.HasPrefix(w, "-") {
			if !strings.Contains(w, "=") && i+1 < len(words) && !strings.HasPrefix(words[i+1], "-") {
				i++ // its value
			}
			continue
		}
		return true
	}
	return false
}

// takeRequired returns the flags marked Required and unmarks them: covenant
// checks them itself (see missingFlags).
func takeRequired(flags []cli.Flag) []cli.Flag {
	var out []cli.Flag
	unmark := func(required *bool, f cli.Flag) {
		if *required {
			*required = false
			out = append(out, f)
		}
	}
	for _, f := range flags {
		switch f := f.(type) {
		case *cli.StringFlag:
			unmark(&f.Required, f)
		case *cli.StringSliceFlag:
			unmark(&f.Required, f)
		case *pathsFlag:
			unmark(&f.Required, f)
		case *cli.PathFlag:
			unmark(&f.Required, f)
		case *cli.IntFlag:
			unmark(&f.Required, f)
		case *cli.BoolFlag:
			unmark(&f.Required, f)
		}
	}
	return out
}

// missingFlags is the one line for required flags not given: "monthly needs
// --month MONTH: the MONTH to report, ...", or "monthly needs --ledger FILE and
// --month MONTH (covenant help monthly explains them)".
func missingFlags(c *cli.Context, path string, required []cli.Flag) error {
	var missing []cli.Flag
	for _, f := range required {
		if !c.IsSet(f.Names()[0]) {
			missing = append(missing, f)
		}
	}
	switch len(missing) {
	case 0:
		return nil
	case 1:
		name, text := flagWords(missing[0])
		if text == "" {
			return usagef("%s needs %s", path, name)
		}
		return usagef("%s needs %s: %s", path, name, text)
	}
	names := make([]string, len(missing))
	for i, f := range missing {
		names[i], _ = flagWords(f)
	}
	return usagef("%s needs %s and %s (covenant help %s explains them)", path, strings.Join(names[:len(names)-1], ", "), names[len(names)-1], path)
}

// flagWords are a flag with its placeholder ("--month MONTH") and its usage
// in words.
func flagWords(f cli.Flag) (name, text string) {
	name = dashed(f.Names()[0])
	usage := ""
	if d, ok := f.(cli.DocGenerationFlag); ok {
		usage = d.GetUsage()
	}
	placeholder, text := splitPlaceholder(usage)
	if placeholder != "" {
		name += " " + placeholder
	}
	return name, text
}

// describeFlag is "--month MONTH (the MONTH to report, ...)".
func describeFlag(f cli.Flag) string {
	name, text := flagWords(f)
	if text == "" {
		return name
	}
	return name + " (" + text + ")"
}

// splitPlaceholder takes the `PLACEHOLDER` out of a flag's usage.
func splitPlaceholder(usage string) (placeholder, text string) {
	i := strings.IndexByte(usage, '`')
	if i < 0 {
		return "", usage
	}
	j := strings.IndexByte(usage[i+1:], '`')
	if j < 0 {
		return "", usage
	}
	placeholder = usage[i+1 : i+1+j]
	return placeholder, usage[:i] + placeholder + usage[i+2+j:]
}

// extraArguments refuses the words a command that takes none was given: urfave/cli
// stops reading flags at the first of them, so flags after it were not read.
func extraArguments(path string, args []string) error {
	var words, flags []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, strings.SplitN(a, "=", 2)[0])
		} else if len(flags) == 0 {
			words = append(words, fmt.Sprintf("%q", a))
		}
	}
	msg := fmt.Sprintf("%s takes no arguments, but was given %s", path, strings.Join(words, ", "))
	if len(flags) > 0 {
		msg += fmt.Sprintf("; the flags after it (%s) were not read", strings.Join(flags, ", "))
	}
	return usagef("%s: give each value right after its flag, in quotes if it has spaces", msg)
}

// flagError rewrites the flag package's errors in covenant's words, with the
// nearest flag of the command.
func flagError(c *cli.Context, flags []cli.Flag, path string, err error) error {
	msg := err.Error()
	where := path
	if where == "" {
		where = "covenant"
	}
	help := "covenant help " + path
	if path == "" {
		help = "covenant help"
	}
	help = strings.TrimSpace(help)
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		name := strings.TrimLeft(strings.TrimPrefix(msg, "flag provided but not defined: "), "-")
		if name == "help" || name == "h" {
			break
		}
		// a password is never a flag's value: say where it goes
		hint := ""
		if strings.Contains(name, "password") {
			hint = "covenant takes a password only from a file or an environment variable, never as a flag's value (the process list shows those)"
			if strings.Contains(name, "smtp") {
				hint = "covenant takes the SMTP password only from the environment variable " + envSMTPPassword + ", never as a flag's value (the process list shows those)"
			}
		}
		names := flagNames(flags)
		if near := nearestAll(name, names); len(near) > 0 {
			for i := range near {
				near[i] = dashed(near[i])
			}
			if hint != "" {
				return usagef("unknown flag %s; did you mean %s? (%s)", dashed(name), strings.Join(near, " or "), hint)
			}
			return usagef("unknown flag %s; did you mean %s?", dashed(name), strings.Join(near, " or "))
		}
		if hint != "" {
			return usagef("unknown flag %s for %s: %s", dashed(name), where, hint)
		}
		if other := commandWithFlag(c.App.Commands, name, path); other != "" {
			return usagef("unknown flag %s for %s: it is a flag of covenant %s (%s lists the flags of %s)", dashed(name), where, other, help, where)
		}
		return usagef("unknown flag %s for %s (%s lists its flags)", dashed(name), where, help)
	case strings.HasPrefix(msg, "flag needs an argument: "):
		name := strings.TrimLeft(strings.TrimPrefix(msg, "flag needs an argument: "), "-")
		if f := findFlag(flags, name); f != nil {
			return usagef("%s needs a value: %s", dashed(name), describeFlag(f))
		}
		return usagef("%s needs a value (%s)", dashed(name), help)
	case strings.HasPrefix(msg, "invalid boolean value "), strings.HasPrefix(msg, "invalid boolean flag "):
		// invalid boolean value "maybe" for -json: parse error
		var value, name string
		if _, err := fmt.Sscanf(msg, "invalid boolean value %q for -%s", &value, &name); err == nil {
			name = strings.TrimSuffix(strings.TrimLeft(name, "-"), ":")
			return usagef("%s=%s: %s is a yes-or-no flag: give %s alone, or %s=false", dashed(name), value, dashed(name), dashed(name), dashed(name))
		}
		return usagef("%s (%s)", msg, help)
	case strings.HasPrefix(msg, "bad flag syntax: "):
		return usagef("%s: a flag is --NAME or --NAME=VALUE (%s)", msg, help)
	}
	return usagef("%s (%s)", msg, help)
}

// unknownCommand is "unknown command montly; did you mean monthly?", with
// the parent's path for a subcommand ("terms exprt").
func unknownCommand(list []*cli.Command, parent, name string) error {
	full := strings.TrimSpace(parent + " " + name)
	var names []string
	for _, c := range list {
		if c.Hidden {
			continue
		}
		names = append(names, c.Names()...)
	}
	if near := nearest(name, names); near != "" {
		return usagef("unknown command %s; did you mean %s?", full, strings.TrimSpace(parent+" "+near))
	}
	var visible []string
	for _, c := range list {
		if !c.Hidden {
			visible = append(visible, c.Name)
		}
	}
	sort.Strings(visible)
	help := strings.TrimSpace("covenant help " + parent)
	return usagef("unknown command %s; the commands are %s (%s explains them)", full, strings.Join(visible, ", "), help)
}

func findCommand(list []*cli.Command, name string) *cli.Command {
	for _, c := range list {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

func findFlag(flags []cli.Flag, name string) cli.Flag {
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

// flagNames are the names of flags, with help.
func flagNames(flags []cli.Flag) []string {
	names := []string{"help"}
	for _, f := range flags {
		names = append(names, f.Names()...)
	}
	return names
}

// commandWithFlag names the first other command (path) that has the flag name.
func commandWithFlag(list []*cli.Command, name, except string) string {
	var walk func(list []*cli.Command, parent string) string
	walk = func(list []*cli.Command, parent string) string {
		for _, c := range list {
			path := strings.TrimSpace(parent + " " + c.Name)
			if path != except && findFlag(c.Flags, name) != nil {
				return path
			}
			if p := walk(c.Subcommands, path); p != "" {
				return p
			}
		}
		return ""
	}
	return walk(list, "")
}

func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// nearest is the name closest to typed: the one it abbreviates, else the one
// within a few edits (transposed letters count one), else "". A tie goes to
// the first.
func nearest(typed string, names []string) string {
	if near := nearestAll(typed, names); len(near) == 1 {
		return near[0]
	}
	return nearestEdit(strings.ToLower(typed), names)
}

// nearestAll is every name typed abbreviates (--password: --password-file,
// --password-env), else the nearest within a few edits, else nil.
func nearestAll(typed string, names []string) []string {
	typed = strings.ToLower(typed)
	var prefixed []string
	for _, n := range names {
		if len(typed) >= 2 && strings.HasPrefix(n, typed) && n != typed {
			prefixed = append(prefixed, n)
		}
	}
	if len(prefixed) > 0 && len(prefixed) <= 3 {
		return prefixed
	}
	if n := nearestEdit(typed, names); n != "" {
		return []string{n}
	}
	return nil
}

// nearestEdit is the name within a few edits of typed (fewer for a short
// one), or "".
func nearestEdit(typed string, names []string) string {
	limit := 1
	switch {
	case len(typed) > 8:
		limit = 3
	case len(typed) > 4:
		limit = 2
	}
	best, bestD := "", limit+1
	for _, n := range names {
		if d := editDistance(typed, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance counts the insertions, deletions, substitutions and swaps of
// adjacent letters that turn a into b (optimal string alignment).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// periodError answers a --month or --quarter that cannot be read with the
// exact value to type: "--month "13/2003": there is no month 13; type --month
// YYYY-MM, e.g. 2003-10 for October 2003".
func periodError(flag string, err error, asOf time.Time) error {
	var pe *calendar.ParseError
	if errors.As(err, &pe) {
		return usagef("--%s %q: %s; type --%s %s", flag, pe.Input, pe.Problem, flag, pe.Suggest(asOf))
	}
	return usagef("--%s: %v", flag, err)
}

// checkOut refuses an --out that names a file other than a workbook (a
// report would be written into a folder of that name): x.csv, x.pdf. A name
// without an extension, one ending in a slash, and an existing folder are
// folders. pdf is set for a command that prints a PDF beside the workbook.
func checkOut(out string, pdf bool) error {
	ext := filepath.Ext(out)
	if out == "" || ext == "" || strings.EqualFold(ext, ".xlsx") || strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(filepath.Separator)) {
		return nil
	}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		return nil
	}
	book := strings.TrimSuffix(out, ext) + ".xlsx"
	if pdf && strings.EqualFold(ext, ".pdf") {
		return usagef("--out %s: --out names the workbook; --pdf prints the PDF beside it under the same name: give --out %s --pdf", out, book)
	}
	return usagef("--out %s: a report is an Excel workbook: give a name ending in .xlsx (--out %s), or a folder to write it into (a new folder's name with a dot ends in /, e.g. --out %s/)", out, book, out)
}

// checkFolder refuses an --out that must be a folder (the demo writes several
// files) but names a file: an existing file, or a new name with an
// extension (x.xlsx, x.csv); a name ending in a slash is a folder.
func checkFolder(out string) error {
	fi, err := os.Stat(out)
	switch {
	case err == nil && fi.IsDir():
		return nil
	case err == nil:
		return usagef("--out %s is a file: the demo writes several files into a folder; give a folder's name", out)
	case strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(filepath.Separator)) || filepath.Ext(out) == "":
		return nil
	}
	return usagef("--out %s: the demo writes several files into a folder; give a folder's name (a new folder's name with a dot ends in /, e.g. --out %s/)", out, out)
}
