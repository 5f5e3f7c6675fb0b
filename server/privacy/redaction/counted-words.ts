/**
 * Words that say a number counts or measures something ("12000 Euro", "1.250 und 2.500
 * Besucher", "2.500 km"): a number right before one is an amount, not a postcode or a
 * coordinate. Matched in any case by the patterns that use the list.
 */
export const COUNTED_WORDS: readonly string[] = (
  'Euro EUR Euros Cent Dollar Dollars USD CAD GBP Pfund Pounds Franken CHF ' +
  'Meter Metres Meters Kilometer Kilometres Kilometers km m cm mm Miles Meilen ' +
  'Inches Zoll Feet ft Fuß Yards Degrees Grad Liter Litres Liters Tonnen Tonnes Tons Kilogramm Kilograms kg Gramm Grams g ' +
  'Prozent Percent Punkte Points Stunden Hours Minuten Minutes Sekunden Seconds Tage Days ' +
  'Einwohner Menschen Personen Besucher Fans Teilnehmer Fahrzeuge Autos Stück Mal Schuss ' +
  'Zuschauer Demonstranten Polizisten Beamte Einsatzkräfte Haushalte Seiten Dosen Pakete ' +
  'Tabletten Anrufe Notrufe Fälle Straftaten Delikte People Persons Cars Calls Incidents ' +
  'Residents Visitors Vehicles Units Officers Homes Households Times Cases Crimes Pills Rounds'
).split(' ');
