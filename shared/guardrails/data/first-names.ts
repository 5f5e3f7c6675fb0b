/**
 * Common given names in Canada, the US, the UK and Germany, including the Turkish, Arabic,
 * Polish, Russian, Italian, Spanish, Vietnamese and other names common there. Compiled for
 * Openbeat from general knowledge (no copied list), to recognise a private person named in a
 * German report, where every noun is capitalised and a name finder for English cannot help.
 * Left out on purpose: names that are ordinary words in a report ("May", "June", "Will",
 * "Hope", "Rose", "Grace", "Victoria", "Jordan", "Ernst", "Heide", "Kai", "Mark", "Wolf"),
 * months, and names of places in our cities.
 */
const NAMES = `
Aaron Abdul Abdullah Adam Adrian Ahmad Ahmed Ahmet Aisha Alan Albert Alex Alexander Alexandra
Alexei Alfred Ali Alice Alina Alisha Alison Alyssa Amanda Amber Amelie Amina Amir Amy Ana Anastasia
Andre Andrea Andreas Andrew Andrzej Andy Angela Angelika Anja Anke Ann Anna Anne Annette Anthony
Anton Antonia Antonio Arne Arthur Ashley Axel Aylin Ayse Barbara Bastian Ben Benedikt Benjamin
Bernd Bernhard Beth Bettina Bianca Birgit Bobby Bogdan Boris Brad Bradley Brandon Brenda Brian
Britta Bruno Burak Caleb Can Carina Carl Carla Carlos Carmen Carol Caroline Carsten Catherine Cem
Chad Charles Charlie Charlotte Chen Chris Christa Christian Christina Christine Christoph
Christopher Cindy Claire Clara Claudia Colin Connor Conor Corinna Craig Curtis Cynthia Daniel
Daniela Danny Darius Darren Dave David Dawid Dean Deborah Dennis Denise Derek Diana Diane Dieter
Dimitri Dirk Dmitri Dominik Donald Doris Dorothea Doug Douglas Duc Dustin Dwayne Dylan Ebru Ed
Eddie Edward Elena Eli Elias Elif Elisabeth Elizabeth Ella Ellen Elke Emily Emil Emin Emine
Emma Emre Eric Erik Erika Ethan Eva Evelyn Fabian Fatima Felix Finn Florian Frank Franz
Franziska Frederik Friedrich Gabriel Gabriele Gareth Gary Georg Gerd Gerhard Gina Giovanni Gisela
Giuseppe Greg Gregor Gregory Gudrun Guido Gunnar Günter Günther Hakan Hamid Hannah Hannes Hans
Hans-Peter Harald Harry Hasan Hassan Heather Heidi Heike Heiko Heinz Helen Helga Helmut Hendrik
Henning Henry Herbert Holger Horst Hugo Hussein Ian Ibrahim Ida Igor Ilse Ingo Ingrid Irina
Isabel Isabella Ivan Jack Jacob Jacqueline Jake James Jamie Jan Jana Janet Janina Janine Jason
Jasmin Jayden Jeff Jeffrey Jennifer Jenny Jens Jeremy Jessica Jim Jimmy Jo Joachim Joanna Jochen
Joe Joel Johann Johanna Johannes John Johnny Jon Jonas Jonathan Jose Joseph Josh Joshua Josef
Jessie Julia Julian Julie Juliane Julius Jürgen Justin Kamil Karen Karin Karina Karl Karl-Heinz
Karsten Kasia Katarina Katharina Kathrin Kathy Katja Katrin Kayla Keith Kelly Ken Kenneth Kerem
Kerstin Kevin Khalid Kim Klaus Konrad Kristina Kurt Kyle Lara Larissa Larry Laura Lauren Lea
Lena Lennart Leo Leon Leonie Liam Lilly Lina Linda Lisa Logan Lorenz Lothar Luca Lucas Lucy
Ludwig Luis Luisa Lukas Lutz Maik Maja Malte Mandy Manfred Manuel Manuela Marc Marcel Marco
Marcus Maria Marie Marina Mario Marion Marius Marek Markus Marlene Martha Martin Martina Marvin
Mary Mateusz Mathias Matthew Matthias Max Maxim Maximilian Maya Mehmet Melanie Melissa Melina
Merve Mia Michael Michaela Michelle Mike Milan Mirko Miriam Mohamed Mohammad Mohammed Monika Moritz
Murat Mustafa Nadine Nadja Natalie Natascha Nathan Nicole Niklas Nico Nicolas Nikita Nikolai
Nils Nina Noah Norbert Oleg Olga Oliver Olivia Omar Oskar Owen Pascal Patricia Patrick Paul
Paula Pawel Peter Petra Phil Philipp Piotr Rachel Rainer Ralf Ramona Randy Raphael Rebecca
Regina Reinhard Renate Rene René Richard Rick Robert Robin Roland Roman Ronald Ronny Rüdiger
Ruth Ryan Sabine Sabrina Sam Samantha Samuel Sandra Sara Sarah Sascha Scott Sean Sebastian
Selin Sergei Sergey Serkan Shane Sharon Silke Simon Simone Sina Sofia Sophie Stefan Stefanie
Steffen Stephan Stephanie Steve Steven Susanne Sven Svenja Sylvia Tamara Tanja Tara Thomas Thorsten
Tim Timo Timothy Tina Tobias Todd Tom Tomasz Tommy Toni Torsten Tracy Travis Tyler Ulrich Ulrike
Ursula Uta Ute Uwe Valentin Vanessa Vera Viktor Viktoria Vincent Walter Wayne Werner Wilhelm
Willi Wojciech Wolfgang Yasemin Yusuf Yvonne Zachary Zeynep Lars Dennis Sandro Kai-Uwe Mehdi
Reza Arash Nguyen Minh Tuan Priya Raj Rajesh Sanjay Amit Deepak Sunil Anil Harpreet Gurpreet
Jaspreet Mandeep Wei Jun Hui Ming Li Yan Jin Hiroshi Kenji Yuki Kofi Kwame Chinedu Emeka Abdi
Abdirahman Farah Layla Leila Noor Yara Rania Samir Karim Tarek Walid Yasin Yasmin Dragan Goran
Milos Nikola Zoran Darko Marko Ivana Jelena Agnieszka Magdalena Katarzyna Krzysztof Lukasz
Marcin Michal Pavel Vladimir Svetlana Tatjana Natalia Dmitry Ekaterina Lorenzo Francesco
Alessandro Matteo Giulia Chiara Javier Miguel Pablo Diego Alejandro Sofía Lucía Mateo Santiago
Ashton Brayden Hunter Chase Cody Colton Jaxon Trevor Shawn Marcy Wendy Terry Jerry Kirk Troy
Darnell Tyrone Jamal Malik DeShawn Keisha Latoya Shanice Brittany Tiffany Crystal Courtney Chelsea
Becky Debbie Sally Kate Katie Megan Hayley Gemma Kirsty Nigel Graham Trevor Clive Neil Stuart
Barry Kieran Declan Callum Liam Aidan Ronan Siobhan Niamh Aoife Fiona Morag Hamish Angus Ewan
`;

export const FIRST_NAMES: ReadonlySet<string> = new Set(NAMES.split(/\s+/u).filter(Boolean));
