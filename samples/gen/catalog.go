package gen

import (
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// category is a kind of component: how its descriptions read and what it costs.
type category struct {
	desc   []string // description templates; {a|b|c} picks one alternative
	lo, hi float64  // unit cost range in dollars (log-uniform)
}

var (
	catOpamp = category{[]string{
		"IC OPAMP {GP|RRIO|PRECISION|HIGH SPEED} {1|2|4} CIRCUIT {8-SOIC|SOT-23-5|8-MSOP|14-TSSOP}",
		"IC COMPARATOR {1|2|4} CIRCUIT {OPEN DRAIN|PUSH-PULL} {8-SOIC|SOT-23-5|14-SOIC}",
	}, 0.35, 6.5}
	catLogic = category{[]string{
		"IC {BUS TRANSCEIVER|BUFFER NON-INVERT|D-TYPE LATCH|D-TYPE FLIP FLOP} {8|16}BIT {20-TSSOP|20-SOIC|48-TSSOP|48-SSOP}",
		"IC GATE {NAND|NOR|AND|OR|XOR} {1|2|4}CH {14-SOIC|14-TSSOP|SOT-23-5}",
	}, 0.12, 1.8}
	catPower = category{[]string{
		"IC REG LINEAR {1.8|2.5|3.3|5}V {150MA|500MA|800MA|1.5A} {SOT-23-5|SOT-223|TO-220-3|DPAK}",
		"IC REG BUCK ADJUSTABLE {1|2|3|5}A {8-SOIC|TO-263-5|16-TSSOP}",
		"IC SUPERVISOR {1|2} CHANNEL {SOT-23-3|8-SOIC}",
	}, 0.18, 7.5}
	catMCU = category{[]string{
		"IC MCU {8|16|32}BIT {4|8|16|32|64|128}KB FLASH {28-SOIC|40-DIP|44-TQFP|64-LQFP|100-LQFP}",
	}, 1.2, 18}
	catPLD = category{[]string{
		"IC FPGA {50K|100K|200K|400K|1M|2M} GATES {144-TQFP|208-PQFP|256-FBGA|456-FBGA}",
		"IC CPLD {32|64|128|256} MACROCELL {44-PLCC|100-TQFP|144-TQFP}",
	}, 4, 250}
	catMemory = category{[]string{
		"IC {SDRAM|SRAM|FLASH|EEPROM} {64K|256K|1M|4M|16M|64M|128M}BIT {8-SOIC|44-TSOP|48-TSOP|54-TSOP}",
	}, 0.3, 24}
	catMixed = category{[]string{
		"IC ADC {10|12|14|16}BIT {100K|500K|1M|20M}SPS {16-SOIC|20-SSOP|28-SSOP}",
		"IC DAC {8|10|12|16}BIT {1|2|4}CH {8-MSOP|16-TSSOP}",
		"IC TRANSCEIVER {RS-232 2/2|RS-485 1/1|CAN|LVDS} {8-SOIC|16-SOIC|16-TSSOP}",
	}, 0.6, 35}
	catDiscrete = category{[]string{
		"MOSFET {N|P}-CH {20|30|60|100}V {0.5|3|7|12|40}A {SOT-23|8-SOIC|DPAK|TO-220AB}",
		"DIODE {SCHOTTKY|GEN PURP|FAST RECOVERY} {40|100|200|600}V {0.2|1|3}A {SMA|SMB|SOD-123|DO-41}",
		"TRANS {NPN|PNP} {40|60|80}V {0.2|0.6|1.5}A {SOT-23|SOT-223|TO-92}",
		"DIODE ZENER {3.3|5.1|12|15}V {200|500}MW {SOD-123|SOT-23}",
	}, 0.02, 2.8}
	catCapCer = category{[]string{
		"CAP CER {10PF|100PF|1000PF|0.01UF|0.1UF|1UF|10UF} {16|25|50|100}V {X7R|C0G|X5R} {0402|0603|0805|1206}",
	}, 0.01, 0.45}
	catCapOther = category{[]string{
		"CAP TANT {1|4.7|10|22|47|100}UF {6.3|10|16|25}V {10|20}% SMD {A|B|C|D} CASE",
		"CAP ALUM {10|47|100|220|470|1000}UF {16|25|35|50}V {20}% RADIAL",
		"CAP FILM {0.01|0.1|0.47|1}UF {63|100|250}VDC RADIAL",
	}, 0.05, 2.4}
	catRes = category{[]string{
		"RES {10|47|100|330|1K|4.7K|10K|47K|100K} OHM {1|5}% {1/16|1/10|1/8|1/4}W {0402|0603|0805|1206}",
		"RES ARRAY {4|8} RES {10K|47K|100K} OHM {1206|2010}",
	}, 0.01, 0.12}
	catTrim = category{[]string{
		"TRIMMER {1K|10K|50K|100K} OHM 0.5W {TOP|SIDE} ADJUST",
		"RES {0.01|0.05|0.1} OHM 1% {1|2|3}W {2512|AXIAL}",
	}, 0.25, 3.5}
	catConn = category{[]string{
		"CONN HEADER {2|4|6|10|20|40}POS {2.54MM|2MM|1.27MM} {VERT|R/A} {TIN|GOLD}",
		"CONN D-SUB {9|15|25|37}POS {PLUG|RCPT} R/A SOLDER",
		"CONN RCPT {10|20|30|50}POS {2.54MM|2MM} {IDC|CRIMP}",
		"CONN {TERMINAL BLOCK|WIRE TO BOARD} {2|3|4|6}POS {3.5MM|5.08MM}",
	}, 0.12, 14}
	catEmech = category{[]string{
		"RELAY GEN PURPOSE {SPDT|DPDT} {1|2|5|10}A {5|12|24}V",
		"SWITCH {TACTILE SPST-NO|DIP {4|8}POS SPST|SLIDE SPDT} {0.05|0.1}A 12V",
	}, 0.1, 8}
	catFuse = category{[]string{
		"FUSE {BOARD MOUNT|CARTRIDGE|RESETTABLE PTC} {0.5|1|2|3.15|5}A {125|250}V",
	}, 0.1, 2.5}
	catMagnetic = category{[]string{
		"INDUCTOR {1|4.7|10|22|47|100}UH {0.5|1|2.2|3}A {SMD|RADIAL}",
		"FERRITE BEAD {120|600|1K} OHM {0603|0805} 1LN",
		"XFMR {PULSE|CURRENT SENSE|ETHERNET} {SMD|THRU HOLE}",
	}, 0.05, 4.5}
	catFreq = category{[]string{
		"CRYSTAL {4|8|12|16|20|25}.0000MHZ {18|20}PF {SMD|HC-49}",
		"OSC XO {10|25|33.333|50}MHZ {3.3|5}V {SMD|DIP-8}",
	}, 0.2, 4}
	catOpto = category{[]string{
		"LED {RED|GREEN|YELLOW|BLUE} {0603|0805|T-1 3/4} {SMD|THRU HOLE}",
		"OPTOISOLATOR {TRANSISTOR|LOGIC} OUT {4-DIP|6-SMD|8-SOIC}",
	}, 0.03, 1.4}
	catHardware = category{[]string{
		"STANDOFF HEX {4-40|6-32|M3} {0.250|0.375|0.500}\" {ALUM|NYLON}",
		"BATTERY HOLDER COIN {12|20}MM PC PIN",
	}, 0.05, 0.9}
)

// partTmpl is a part-number pattern of a manufacturer: '#' is a digit, '@' a
// capital letter, anything else literal.
type partTmpl struct {
	pattern string
	cat     *category
}

type part struct {
	number string
	desc   string
	cost   int64 // list unit cost in 1/10000 dollar
	boxed  [2]any
}

// numberV and descV are number and desc as interface values, boxed once.
func (p *part) numberV() any {
	if p.boxed[0] == nil {
		p.boxed[0], p.boxed[1] = p.number, p.desc
	}
	return p.boxed[0]
}

func (p *part) descV() any {
	p.numberV()
	return p.boxed[1]
}

type manufacturer struct {
	name        string
	tmpls       []partTmpl
	onCard      bool
	from, until time.Time // line card authorization, until zero = open-ended
	parts       []part
	boxed       any
}

// nameV is name as an interface value, boxed once.
func (m *manufacturer) nameV() any {
	if m.boxed == nil {
		m.boxed = m.name
	}
	return m.boxed
}

// authorized reports whether Arrow is a franchised distributor of m on day d.
func (m *manufacturer) authorized(d time.Time) bool {
	return m.onCard && !d.Before(m.from) && (m.until.IsZero() || !d.After(m.until))
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Arrow's line card boundaries that fall inside 2003.
var (
	cypressFrom  = day(2003, 7, 1)  // Cypress Semiconductor becomes authorized
	intersilTill = day(2003, 9, 30) // Intersil authorization ends
)

// manufacturers returns the manufacturer table: Arrow's line card first, then
// manufacturers that are not on it. Parts are filled in by buildCatalog.
func manufacturers() []*manufacturer {
	t := func(p string, c *category) partTmpl { return partTmpl{p, c} }
	card := func(name string, from time.Time, ts ...partTmpl) *manufacturer {
		return &manufacturer{name: name, onCard: true, from: from, tmpls: ts}
	}
	off := func(name string, ts ...partTmpl) *manufacturer {
		return &manufacturer{name: name, tmpls: ts}
	}
	ms := []*manufacturer{
		card("Texas Instruments", day(1986, 1, 1), t("SN74LVC###APWR", &catLogic), t("TPS7##33DBVR", &catPower), t("TL0##CDR", &catOpamp), t("MSP430F1##IPMR", &catMCU), t("SN65HVD##D", &catMixed)),
		card("Analog Devices", day(1991, 4, 1), t("AD8###ARZ", &catOpamp), t("AD7###BRZ", &catMixed), t("ADP3###ARM-3.3", &catPower), t("ADSP-21##KSZ", &catMCU)),
		card("Linear Technology", day(1994, 7, 1), t("LT1###CS8#PBF", &catOpamp), t("LTC3###EMS", &catPower), t("LTC1###CS", &catMixed)),
		card("Maxim Integrated Products", day(1995, 1, 1), t("MAX3###CSE", &catMixed), t("MAX8##ESA", &catPower), t("MAX4###EUA", &catOpamp)),
		card("National Semiconductor", day(1988, 1, 1), t("LM3##M", &catOpamp), t("LM2###S-ADJ", &catPower), t("DS90LV0##ATM", &catMixed), t("74AC###SC", &catLogic)),
		card("ON Semiconductor", day(1999, 8, 1), t("MC74HC###ADR2", &catLogic), t("MBRS1##0T3", &catDiscrete), t("NCP1###DR2", &catPower), t("MMBT####LT1", &catDiscrete)),
		card("Fairchild Semiconductor", day(1997, 4, 1), t("FDS####", &catDiscrete), t("74VHC###MTC", &catLogic), t("KA78##", &catPower), t("1N4###", &catDiscrete)),
		card("Microchip Technology", day(1993, 10, 1), t("PIC16F8##-I/SO", &catMCU), t("PIC18F4##-I/PT", &catMCU), t("24LC###-I/SN", &catMemory), t("MCP6##-E/SN", &catOpamp)),
		card("Atmel", day(1996, 1, 1), t("AT89C5#-24JI", &catMCU), t("AT90S####-8AI", &catMCU), t("AT24C##N-10SI", &catMemory), t("AT45DB###B-CNI", &catMemory)),
		card("Xilinx", day(1992, 1, 1), t("XC2S###-5PQ208C", &catPLD), t("XC95###XL-10TQ100C", &catPLD), t("XCV###E-6FG456C", &catPLD), t("XC18V0#VQ44C", &catMemory)),
		card("Altera", day(1998, 1, 1), t("EPM7###AETC100-7", &catPLD), t("EP1K##QC208-3", &catPLD), t("EPC#PC8", &catMemory)),
		card("Lattice Semiconductor", day(2000, 3, 1), t("LC4###V-75TN100C", &catPLD), t("ispLSI####E-100LT", &catPLD), t("GAL22V10D-##LJ", &catPLD)),
		card("Cypress Semiconductor", cypressFrom, t("CY7C1###-15ZC", &catMemory), t("CY62###LL-70SXI", &catMemory), t("CY2###SC", &catFreq), t("CY7C68###-56PVC", &catMCU)),
		card("Intersil", day(1999, 9, 1), t("ISL8###IBZ", &catPower), t("HI####IBZ", &catMixed), t("ICL7###CBA", &catMixed)),
		card("Philips Semiconductors", day(1990, 1, 1), t("74HC###D", &catLogic), t("PCF85##T", &catMixed), t("BAS##", &catDiscrete), t("P89C51RD2HBA", &catMCU)),
		card("STMicroelectronics", day(1994, 1, 1), t("L78##CV", &catPower), t("M24C##-WMN6", &catMemory), t("ST232#BDR", &catMixed), t("STP##NF06", &catDiscrete)),
		card("Infineon Technologies", day(1999, 4, 1), t("BSS###", &catDiscrete), t("SPP##N60C3", &catDiscrete), t("TLE4###G", &catPower)),
		card("International Rectifier", day(1989, 1, 1), t("IRF####PBF", &catDiscrete), t("IRLML####TR", &catDiscrete), t("IR21##S", &catPower)),
		card("Micron Technology", day(1997, 1, 1), t("MT48LC##M16A2TG-75", &catMemory), t("MT46V##M16TG-6T", &catMemory), t("MT28F###B3WG-9", &catMemory)),
		card("Integrated Device Technology", day(1995, 6, 1), t("IDT71V###SA10PFG", &catMemory), t("IDT74FCT###ATSO", &catLogic), t("IDT72V###L15PF", &catMemory)),
		card("Zilog", day(1998, 5, 1), t("Z8F0###PJ020SC", &catMCU), t("Z84C##10PEG", &catMCU)),
		card("Dallas Semiconductor", day(1996, 1, 1), t("DS18B20", &catMixed), t("DS1###S+", &catMixed), t("DS2###", &catMemory)),
		card("Agilent Technologies", day(2000, 1, 1), t("HCPL-####", &catOpto), t("HSMS-28##-TR1", &catDiscrete), t("HLMP-####", &catOpto)),
		card("Diodes Incorporated", day(2001, 1, 1), t("BAT##-7", &catDiscrete), t("AP11##-33SA", &catPower), t("DMN####", &catDiscrete)),
		card("Semtech", day(2001, 7, 1), t("SMBJ##A", &catDiscrete), t("SC4###IMSTR", &catPower)),
		card("Vishay", day(1985, 1, 1), t("CRCW0603##K0FKEA", &catRes), t("293D###X9016B2TE3", &catCapOther), t("SI####DY-T1", &catDiscrete), t("IHLP2525CZER#R#M01", &catMagnetic)),
		card("Kemet", day(1987, 1, 1), t("C0805C###K5RACTU", &catCapCer), t("T491B###K016AT", &catCapOther), t("C1206C###K1RACTU", &catCapCer)),
		card("AVX", day(1990, 1, 1), t("08055C###KAT2A", &catCapCer), t("TAJB###K016RNJ", &catCapOther), t("06035C###KAT2A", &catCapCer)),
		card("Murata", day(1993, 1, 1), t("GRM188R71H###KA01D", &catCapCer), t("BLM18AG###SN1D", &catMagnetic), t("CSTCE##M0V53-R0", &catFreq)),
		card("TDK", day(1999, 1, 1), t("C1608X7R1H###K", &catCapCer), t("MMZ1608B###C", &catMagnetic), t("SLF7045T-##0M", &catMagnetic)),
		card("Panasonic", day(1992, 1, 1), t("ERJ-3GEYJ###V", &catRes), t("EEU-FC1E###", &catCapOther), t("ECJ-1VB1H###K", &catCapCer)),
		card("Bourns", day(1994, 1, 1), t("3296W-1-###LF", &catTrim), t("CR0603-FX-####ELF", &catRes), t("SRR####-###M", &catMagnetic), t("MF-MSMF###-2", &catFuse)),
		card("Yageo", day(2000, 6, 1), t("RC0603FR-07##KL", &catRes), t("RC0805JR-07##KL", &catRes), t("CC0603KRX7R9BB###", &catCapCer)),
		card("Rohm", day(1998, 1, 1), t("MCR03EZPFX####", &catRes), t("SML-###MTT86", &catOpto), t("BA178##FP-E2", &catPower)),
		card("CTS", day(1995, 1, 1), t("742C083###JP", &catRes), t("CB3LV-3I-##M0000", &catFreq)),
		card("Epcos", day(2001, 1, 1), t("B32529C#10#J", &catCapOther), t("B82422H1###K", &catMagnetic), t("B57164K0###J", &catTrim)),
		card("Molex", day(1984, 1, 1), t("22-28-4###", &catConn), t("39-01-20##", &catConn), t("53047-##10", &catConn), t("87831-##20", &catConn)),
		card("AMP", day(1984, 1, 1), t("640456-#", &catConn), t("1-###4-0", &catConn), t("5-747###-2", &catConn)),
		card("Amphenol", day(1991, 1, 1), t("L717SDE##P", &catConn), t("RJHSE-5###", &catConn), t("10-##-###", &catConn)),
		card("3M Interconnect", day(1993, 1, 1), t("3M3###-6002", &catConn), t("929###-01-##-RA", &catConn), t("SJ-5###", &catHardware)),
		card("FCI", day(1999, 1, 1), t("68001-###HLF", &catConn), t("10029449-###", &catConn)),
		card("Omron", day(1996, 1, 1), t("G5V-#-DC##", &catEmech), t("B3F-10##", &catEmech), t("G6K-2F-Y-DC#", &catEmech)),
		card("C&K Components", day(1997, 1, 1), t("PTS645SM##SMTR", &catEmech), t("SDA0#H1SBD", &catEmech), t("KSC2##J LFS", &catEmech)),
		card("Littelfuse", day(1995, 1, 1), t("0451#0#.MRL", &catFuse), t("SMBJ##CA", &catDiscrete), t("0235#.##HXP", &catFuse)),
		card("Cooper Bussmann", day(2000, 1, 1), t("C1Q #", &catFuse), t("SDR####-###ML", &catMagnetic)),
		card("Dale Electronics", day(1988, 1, 1), t("RN55D####F", &catRes), t("WSL2512R0##0FEA", &catTrim)),

		off("Samtec", t("TSW-1##-07-G-S", &catConn), t("SSW-1##-01-T-D", &catConn)),
		off("Hirose Electric", t("DF13-#P-1.25DSA", &catConn), t("FH12-##S-0.5SH", &catConn)),
		off("Coilcraft", t("DO1608C-###MLC", &catMagnetic), t("0805CS-###XJLC", &catMagnetic)),
		off("Pulse Engineering", t("H####NL", &catMagnetic), t("PE-6####NL", &catMagnetic)),
		off("Ecliptek", t("ECS-###-20-4", &catFreq), t("EC2600TS-##.000M", &catFreq)),
		off("Fox Electronics", t("FOXSD/###-20", &catFreq), t("F####-###", &catFreq)),
		off("Keystone Electronics", t("####", &catHardware), t("10##", &catHardware)),
		off("Harwin", t("M20-999##46", &catConn), t("R30-60##02", &catHardware)),
		off("Sipex", t("SP3###ECA", &catMixed), t("SP6###EU", &catPower)),
		off("Wurth Elektronik", t("744##1###", &catMagnetic), t("61300##1121", &catConn)),
		off("Lite-On", t("LTST-C1##KGKT", &catOpto), t("LTV-8##S", &catOpto)),
	}
	for _, m := range ms {
		if m.name == "Intersil" {
			m.until = intersilTill
		}
	}
	return ms
}

// buildCatalog fills each manufacturer's parts deterministically from r.
func buildCatalog(ms []*manufacturer, r *rand.Rand) {
	for _, m := range ms {
		n := 10 + r.IntN(8)
		seen := map[string]bool{}
		for len(m.parts) < n {
			tm := m.tmpls[r.IntN(len(m.tmpls))]
			num := expandPattern(tm.pattern, r)
			if seen[num] {
				continue
			}
			seen[num] = true
			c := tm.cat
			cost := math.Exp(math.Log(c.lo) + r.Float64()*(math.Log(c.hi)-math.Log(c.lo)))
			m.parts = append(m.parts, part{
				number: num,
				desc:   expandDesc(c.desc[r.IntN(len(c.desc))], r),
				cost:   max(100, int64(math.Round(cost*10000))),
			})
		}
	}
}

func expandPattern(p string, r *rand.Rand) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '#':
			b.WriteByte(byte('0' + r.IntN(10)))
		case '@':
			b.WriteByte(byte('A' + r.IntN(26)))
		default:
			b.WriteByte(p[i])
		}
	}
	return b.String()
}

// expandDesc replaces every {a|b|c} in s with one alternative; braces nest.
func expandDesc(s string, r *rand.Rand) string {
	for {
		end := strings.IndexByte(s, '}')
		if end < 0 {
			return s
		}
		start := strings.LastIndexByte(s[:end], '{')
		alts := strings.Split(s[start+1:end], "|")
		s = s[:start] + alts[r.IntN(len(alts))] + s[end+1:]
	}
}

// otherSuppliers are the sources other than Arrow CMS.
var otherSuppliers = []string{
	"Avnet Electronics Marketing", "Digi-Key Corporation", "Future Electronics", "Mouser Electronics",
	"TTI, Inc.", "Newark InOne", "Allied Electronics", "Nu Horizons Electronics", "Jaco Electronics",
}

// distributorSpellings are the ways the ledger clerks write the distributor's
// name, built from terms.Supplier.DistributorNames (compared as
// terms.FoldName folds them), with their weights.
func distributorSpellings(names []string) (spellings []string, weights []int) {
	pick := func(i int) string { return names[min(i, len(names)-1)] }
	spellings = []string{
		pick(0),                              // Arrow
		pick(3),                              // Arrow Electronics, Inc.
		strings.ToUpper(pick(3)),             // ARROW ELECTRONICS, INC.
		" " + pick(1) + " ",                  //  Arrow CMS
		pick(4),                              // Arrow CMS Distribution Group
		strings.ToUpper(pick(0)),             // ARROW
		pick(2),                              // Arrow Electronics
		pick(5),                              // Arrow CMS Distribution Group of Arrow Electronics, Inc.
		strings.ReplaceAll(pick(3), ",", ""), // Arrow Electronics Inc.: the same name, folded (terms.FoldName)
	}
	weights = []int{40, 20, 12, 10, 8, 5, 5, 3, 4}
	return
}

func weighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// holidays are the days the plant is closed in 2003 besides weekends.
var holidays = map[time.Time]bool{
	day(2003, 1, 1): true, day(2003, 5, 26): true, day(2003, 7, 4): true, day(2003, 9, 1): true,
	day(2003, 11, 27): true, day(2003, 11, 28): true, day(2003, 12, 25): true,
}

func workday(d time.Time) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday && !holidays[d]
}

// businessDays lists the working days of a month.
func businessDays(y int, m time.Month) []time.Time {
	var ds []time.Time
	for d := day(y, m, 1); d.Month() == m; d = d.AddDate(0, 0, 1) {
		if workday(d) {
			ds = append(ds, d)
		}
	}
	return ds
}

// addBusinessDays moves n working days from d; n may be negative.
func addBusinessDays(d time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDate(0, 0, step)
		if workday(d) {
			n--
		}
	}
	return d
}

// niceQuantity rounds an order quantity the way buyers do and keeps it in 1..20,000.
func niceQuantity(x float64) int {
	var q float64
	switch {
	case x < 20:
		q = math.Round(x)
	case x < 200:
		q = math.Round(x/5) * 5
	case x < 2000:
		q = math.Round(x/50) * 50
	default:
		q = math.Round(x/500) * 500
	}
	return int(min(max(q, 1), 20000))
}

// extendedCents is quantity × unit cost (1/10000 dollar) rounded half away
// from zero to the cent.
func extendedCents(qty int, unit int64) int64 {
	p := int64(qty) * unit
	if p < 0 {
		return -((-p + 50) / 100)
	}
	return (p + 50) / 100
}
