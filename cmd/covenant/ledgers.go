package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/minsales"
)

// pathsFlag is a flag given once or more (--ledger east.xlsx --ledger west),
// each value taken whole: a path may hold a comma, which a StringSliceFlag
// would split on.
type pathsFlag struct {
	*cli.StringFlag
}

// Apply gives every parse a list of its own (the commands, and their flags,
// are made once and run many times in the tests).
func (f *pathsFlag) Apply(set *flag.FlagSet) error {
	v := &pathList{}
	for _, name := range f.Names() {
		set.Var(v, name, f.Usage)
	}
	return nil
}

// pathList is a pathsFlag's values.
type pathList []string

func (p *pathList) Set(v string) error { *p = append(*p, v); return nil }
func (p *pathList) String() string     { return strings.Join(*p, ", ") }
func (p *pathList) Get() any           { return []string(*p) }

// ledgerFlag is --ledger FILE|DIR, once or once a location.
func ledgerFlag() cli.Flag {
	return &pathsFlag{&cli.StringFlag{Name: "ledger", Required: true, TakesFile: true,
		Usage: "the ledger workbook `FILE` (sheets Purchases, Franchise, Arrow Responses, Invoices), or a folder of CSV files, one a sheet (Purchases.csv, ...); give it once for each location, facility or division (§1.3)"}}
}

// paths gives a pathsFlag's values.
func paths(c *cli.Context, name string) []string {
	v, _ := c.Value(name).([]string)
	return v
}

// locations counts the locations of the lines read, up to two: with more than
// one, the reports must say which each line is from.
type locations struct {
	first string
	many  bool
}

func (s *locations) see(loc string) {
	if s.many {
		return
	}
	if s.first == "" {
		s.first = loc
	} else if loc != s.first {
		s.many = true
	}
}

// locationWarnings says, for the lines of several locations, which of the
// template's tables has no Location column (a restyled template that dropped
// it still works: its lines do not say where they are from).
func (s *locations) warnings(tpl *fill.Workbook, tables []string) []string {
	if !s.many {
		return nil
	}
	var out []string
	for _, t := range tables {
		if !tpl.TableHasCol(t, "Location") {
			out = append(out, fmt.Sprintf("the template's table %s has no Location column: its lines come from several locations (§1.3) and the report does not say which each is from; add a column headed Location to the template", t))
		}
	}
	return out
}

// noticeProblems are the problems minsales finds in Arrow's notices, each
// located in its own ledger's file and cell (or line).
func noticeProblems(l *ledger.Books, ne minsales.NoticeErrors) error {
	return noticeProblemsIn(l.Files(), ne)
}

// noticeProblemsIn is noticeProblems, files naming the ledgers for a notice
// that does not know its own.
func noticeProblemsIn(files string, ne minsales.NoticeErrors) error {
	out := &ledger.Errors{Count: len(ne)}
	for _, e := range ne {
		out.List = append(out.List, e.Notice.Problem(files, e.Cell, e.Column, e.Err))
	}
	return out
}
