/**
 * Names for the demo school's families, grouped by heritage so that a family's names and home language
 * agree. The mix is that of a diverse English town: accents, apostrophes and hyphens included, because
 * every screen and sort must cope with them.
 */

export interface Heritage {
  key: string;
  /** Share of families, relative to the others. */
  weight: number;
  girls: readonly string[];
  boys: readonly string[];
  /** Parents' generation, where it differs from the children's. */
  women?: readonly string[];
  men?: readonly string[];
  surnames: readonly string[];
  /** Home languages other than English, most common first. */
  languages: readonly string[];
  /** Share of pupils with English as an additional language. */
  ealRate: number;
}

export const HERITAGES: readonly Heritage[] = [
  {
    key: 'english',
    weight: 52,
    girls: [
      'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia', 'Grace', 'Freya', 'Evie', 'Poppy',
      'Ella', 'Millie', 'Phoebe', 'Charlotte', 'Daisy', 'Ruby', 'Emily', 'Jessica', 'Holly', 'Scarlett', 'Matilda', 'Zoë',
      'Chloë', 'Imogen', 'Harriet', 'Erin', 'Megan', 'Lola', 'Maisie', 'Eliza', 'Florence', 'Hollie-Mae', 'Lacey', 'Renée',
      'Summer', 'Willow', 'Bethany', 'Abigail', 'Heidi', 'Elsie', 'Esme', 'Mollie', 'Alice', 'Hannah', 'Lucy', 'Katie',
    ],
    boys: [
      'Oliver', 'George', 'Harry', 'Noah', 'Jack', 'Leo', 'Arthur', 'Oscar', 'Charlie', 'Jacob', 'Thomas', 'Freddie', 'Alfie',
      'Theo', 'Archie', 'Joshua', 'William', 'James', 'Henry', 'Max', 'Finley', 'Ethan', 'Samuel', 'Joseph', 'Reuben', 'Toby',
      'Harrison', 'Louie', 'Tyler', 'Kai', 'Mason', 'Riley', 'Jenson', 'Logan', 'Dylan', 'Lewis', 'Callum', 'Connor', 'Ben',
      'Daniel', 'Matthew', 'Alexander', 'Edward', 'Jude', 'Stanley', 'Ronnie', 'Bobby', 'Tommy', 'Frankie', 'Alfie-James',
    ],
    women: [
      'Sarah', 'Emma', 'Claire', 'Nicola', 'Rebecca', 'Laura', 'Kelly', 'Gemma', 'Hayley', 'Michelle', 'Joanne', 'Stacey',
      'Lisa', 'Victoria', 'Kerry', 'Donna', 'Natalie', 'Amy', 'Louise', 'Samantha', 'Jennifer', 'Helen', 'Kirsty', 'Leanne',
      'Zoë', 'Chloë', 'Charlotte', 'Katie', 'Danielle', 'Rachel', 'Karen', 'Tracey', 'Julie', 'Susan', 'Margaret',
    ],
    men: [
      'David', 'Paul', 'Mark', 'Andrew', 'Richard', 'Daniel', 'Christopher', 'Stephen', 'Lee', 'Craig', 'Darren', 'Wayne',
      'Gareth', 'Matthew', 'James', 'Michael', 'Jamie', 'Adam', 'Ryan', 'Scott', 'Carl', 'Dean', 'Neil', 'Simon', 'Gary',
      'Kevin', 'Shaun', 'Robert', 'Peter', 'John', 'Ian', 'Keith', 'Graham',
    ],
    surnames: [
      'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson',
      'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris', 'Clarke', 'Patterson',
      'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker',
      'Harrison', 'Morgan', 'Allen', 'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young',
      'Griffiths', 'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy',
      'Miller', 'Cox', 'Richards', 'Khan', 'Marshall', 'Anderson', 'Simpson', 'Ellis', 'Adams', 'Singh', 'Begum', 'Wilkinson',
      'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers', 'Gray', 'Mason', 'Hunt', 'Holmes', 'Palmer', 'Lloyd', 'Barnes', 'Knight',
      'Butler', 'Russell', 'Barker', 'Fisher', 'Stevens', 'Jenkins', 'Dixon', 'Fletcher', 'Hart', 'Ashworth-Bell', 'Smith-Jones',
      'Pemberton', 'Ackroyd', 'Brontë', 'Featherstone', 'Sutcliffe', 'Greenwood', 'Holroyd', 'Barraclough', 'Ramsbottom',
    ],
    languages: [],
    ealRate: 0,
  },
  {
    key: 'irish',
    weight: 5,
    girls: ['Siobhán', 'Niamh', 'Aoife', 'Róisín', 'Saoirse', 'Ciara', 'Orla', 'Caoimhe', 'Eimear', 'Síofra', 'Grainne', 'Clodagh'],
    boys: ['Seán', 'Cian', 'Oisín', 'Darragh', 'Ciarán', 'Eoin', 'Padraig', 'Tadhg', 'Rory', 'Declan', 'Fionn', 'Conor'],
    women: ['Siobhán', 'Niamh', 'Mairéad', 'Bríd', 'Deirdre', 'Orla', 'Fiona', 'Sinéad', 'Áine'],
    men: ['Seán', 'Pádraig', 'Liam', 'Declan', 'Brendan', 'Kieran', 'Eamon', 'Colm', 'Dónal'],
    surnames: [
      "O'Brien", "O'Connor", "O'Sullivan", "O'Neill", "O'Reilly", "O'Donnell", 'Murphy', 'Byrne', 'Ryan', 'Doherty', 'McCarthy',
      'Kavanagh', 'Brennan', 'Quinn', 'Gallagher', "Ní Bhriain", 'Mac Giolla', 'Fitzgerald', 'Walsh', "D'Arcy",
    ],
    languages: ['Irish'],
    ealRate: 0.02,
  },
  {
    key: 'scottish-welsh',
    weight: 4,
    girls: ['Eilidh', 'Isla', 'Morven', 'Catriona', 'Ffion', 'Seren', 'Cerys', 'Megan', 'Carys', 'Bethan', 'Mhairi', 'Lowri'],
    boys: ['Hamish', 'Callum', 'Euan', 'Fraser', 'Angus', 'Rhys', 'Dafydd', 'Gethin', 'Iwan', 'Owain', 'Ruaridh', 'Emrys'],
    women: ['Fiona', 'Morag', 'Kirsty', 'Siân', 'Rhiannon', 'Eleri', 'Gwen', 'Ailsa'],
    men: ['Alasdair', 'Iain', 'Gareth', 'Rhodri', 'Huw', 'Dougal', 'Ewan', 'Gwyn'],
    surnames: [
      'MacDonald', 'McAllister', 'Fraser', 'Campbell', 'Stewart', 'MacLeod', 'Robertson', 'Murray', 'Ferguson', 'Ap Rhys',
      'Llewellyn', 'Pritchard', 'Vaughan', 'Jenkins', 'Rees', 'Gruffydd', 'Morgan', 'Powell', 'McKenzie', 'Drummond',
    ],
    languages: ['Welsh', 'Scottish Gaelic'],
    ealRate: 0.05,
  },
  {
    key: 'caribbean',
    weight: 4,
    girls: ['Amara', 'Imani', 'Destiny', 'Kiara', 'Jada', 'Aaliyah', 'Shanice', 'Tianna', 'Nia', 'Jasmine', 'Kayla', 'Zuri'],
    boys: ['Malachi', 'Tyrese', 'Jayden', 'Isaiah', 'Elijah', 'Kai', 'Jermaine', 'Marcus', 'Andre', 'Josiah', 'Kymani', 'Nathaniel'],
    women: ['Marcia', 'Sharon', 'Paulette', 'Beverley', 'Charmaine', 'Natasha', 'Keisha', 'Yvonne'],
    men: ['Delroy', 'Winston', 'Clive', 'Leroy', 'Trevor', 'Everton', 'Dwayne', 'Courtney'],
    surnames: ['Campbell', 'Brown', 'Williams', 'Francis', 'Bailey', 'Reid', 'Grant', 'Henry', 'Thompson', 'Clarke', 'Gayle', 'Morrison', 'St. Louis', 'Josephs'],
    languages: [],
    ealRate: 0,
  },
  {
    key: 'pakistani',
    weight: 7,
    girls: ['Aisha', 'Fatima', 'Maryam', 'Zainab', 'Hafsa', 'Khadijah', 'Iqra', 'Aleena', 'Hania', 'Anaya', 'Sana', 'Noor', 'Safa', 'Eman'],
    boys: ['Muhammad', 'Ibrahim', 'Yusuf', 'Hamza', 'Ayaan', 'Zayn', 'Ali', 'Abdullah', 'Rayyan', 'Haris', 'Bilal', 'Usman', 'Hassan', 'Zakariya'],
    women: ['Nasreen', 'Shazia', 'Rubina', 'Samina', 'Ayesha', 'Farah', 'Nadia', 'Saima', 'Rehana'],
    men: ['Imran', 'Tariq', 'Asif', 'Khalid', 'Naveed', 'Shahid', 'Zahid', 'Amjad', 'Irfan'],
    surnames: ['Khan', 'Hussain', 'Ahmed', 'Ali', 'Iqbal', 'Mahmood', 'Rashid', 'Akhtar', 'Shah', 'Butt', 'Malik', 'Qureshi', 'Raza', 'Chaudhry'],
    languages: ['Urdu', 'Punjabi', 'Pashto', 'Mirpuri'],
    ealRate: 0.6,
  },
  {
    key: 'indian',
    weight: 5,
    girls: ['Priya', 'Anika', 'Diya', 'Simran', 'Harpreet', 'Gurleen', 'Navya', 'Ishita', 'Jasleen', 'Kavya', 'Meera', 'Aditi'],
    boys: ['Arjun', 'Rohan', 'Aarav', 'Vihaan', 'Harjot', 'Gurpreet', 'Dev', 'Krish', 'Aryan', 'Jaskaran', 'Ishaan', 'Nikhil'],
    women: ['Sunita', 'Rupinder', 'Manjit', 'Kiran', 'Deepa', 'Anjali', 'Parminder', 'Lakshmi', 'Rekha'],
    men: ['Rajesh', 'Sanjay', 'Harjinder', 'Kuldeep', 'Vikram', 'Amit', 'Sukhwinder', 'Ravi', 'Suresh'],
    surnames: ['Patel', 'Singh', 'Kaur', 'Sharma', 'Gill', 'Sandhu', 'Mistry', 'Chauhan', 'Parmar', 'Kumar', 'Dhillon', 'Joshi', 'Iyer', 'Rao'],
    languages: ['Punjabi', 'Gujarati', 'Hindi', 'Tamil'],
    ealRate: 0.4,
  },
  {
    key: 'bangladeshi',
    weight: 3,
    girls: ['Tasnim', 'Sumaiya', 'Jannat', 'Afia', 'Nusrat', 'Raisa', 'Tahmina', 'Mariam', 'Sadia', 'Maliha'],
    boys: ['Rahim', 'Tanvir', 'Sami', 'Abrar', 'Nabil', 'Rafi', 'Arif', 'Shakil', 'Tahmid', 'Faisal'],
    women: ['Rokeya', 'Shirin', 'Momena', 'Salma', 'Jahanara', 'Rehana'],
    men: ['Abdul', 'Mizanur', 'Shahidul', 'Jamal', 'Kamrul', 'Anwar'],
    surnames: ['Begum', 'Uddin', 'Miah', 'Rahman', 'Islam', 'Hossain', 'Chowdhury', 'Ahmed', 'Khatun', 'Alam'],
    languages: ['Bengali', 'Sylheti'],
    ealRate: 0.6,
  },
  {
    key: 'polish',
    weight: 4,
    girls: ['Zuzanna', 'Oliwia', 'Maja', 'Zofia', 'Hanna', 'Julia', 'Wiktoria', 'Natalia', 'Aleksandra', 'Gabriela'],
    boys: ['Jakub', 'Mateusz', 'Kacper', 'Szymon', 'Filip', 'Wojciech', 'Michał', 'Bartosz', 'Łukasz', 'Antoni'],
    women: ['Małgorzata', 'Agnieszka', 'Katarzyna', 'Joanna', 'Magdalena', 'Ewa', 'Anna'],
    men: ['Tomasz', 'Paweł', 'Piotr', 'Krzysztof', 'Marcin', 'Grzegorz', 'Łukasz'],
    surnames: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Dąbrowski', 'Kozłowski'],
    languages: ['Polish'],
    ealRate: 0.7,
  },
  {
    key: 'romanian',
    weight: 3,
    girls: ['Ioana', 'Andreea', 'Elena', 'Maria', 'Bianca', 'Alexandra', 'Daria', 'Ștefania'],
    boys: ['Andrei', 'Ionuț', 'Mihai', 'Ștefan', 'David', 'Gabriel', 'Darius', 'Răzvan'],
    women: ['Mihaela', 'Cristina', 'Florentina', 'Gabriela', 'Daniela', 'Lăcrămioara'],
    men: ['Constantin', 'Florin', 'Marius', 'Ionel', 'Cătălin', 'Vasile'],
    surnames: ['Popescu', 'Ionescu', 'Popa', 'Constantin', 'Stan', 'Dumitru', 'Munteanu', 'Stoica', 'Năstase', 'Lungu'],
    languages: ['Romanian', 'Romani'],
    ealRate: 0.8,
  },
  {
    key: 'west-african',
    weight: 5,
    girls: ['Adaeze', 'Chiamaka', 'Temiloluwa', 'Oluwaseun', 'Ama', 'Efua', 'Ifeoma', 'Favour', 'Precious', 'Abena', 'Ngozi', 'Blessing'],
    boys: ['Chidi', 'Oluwatobi', 'Kwame', 'Kofi', 'Emeka', 'Tobenna', 'Adebayo', 'Kelechi', 'Daniel', 'Samuel', 'Femi', 'Yaw'],
    women: ['Ngozi', 'Funmilayo', 'Akosua', 'Chinwe', 'Abimbola', 'Adwoa', 'Grace', 'Comfort'],
    men: ['Oluwaseun', 'Chukwuemeka', 'Kwabena', 'Babatunde', 'Kofi', 'Olumide', 'Emmanuel', 'Kwesi'],
    surnames: ['Okafor', 'Adeyemi', 'Mensah', 'Boateng', 'Okonkwo', 'Adebayo', 'Asante', 'Nwosu', 'Oyelaran', 'Owusu', 'Eze', 'Afolabi'],
    languages: ['Yoruba', 'Igbo', 'Twi', 'French'],
    ealRate: 0.35,
  },
  {
    key: 'somali',
    weight: 2,
    girls: ['Hodan', 'Ayaan', 'Fardowsa', 'Hibaaq', 'Sahra', 'Ilhan', 'Najma', 'Ubah'],
    boys: ['Abdirahman', 'Mohamed', 'Abdi', 'Liban', 'Guled', 'Hamse', 'Mahad', 'Yasin'],
    surnames: ['Abdi', 'Warsame', 'Farah', 'Hassan', 'Jama', 'Osman', 'Nur', 'Yusuf', 'Ismail', 'Aden'],
    languages: ['Somali', 'Arabic'],
    ealRate: 0.8,
  },
  {
    key: 'vietnamese',
    weight: 1,
    girls: ['Linh', 'Mai', 'Thảo', 'Ngọc', 'Hương', 'Anh'],
    boys: ['Minh', 'Huy', 'Khang', 'Đức', 'Bảo', 'Quang'],
    women: ['Hằng', 'Lan', 'Thu', 'Phương'],
    men: ['Tuấn', 'Hùng', 'Dũng', 'Thắng'],
    surnames: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ'],
    languages: ['Vietnamese'],
    ealRate: 0.7,
  },
  {
    key: 'chinese',
    weight: 2,
    girls: ['Mei', 'Xinyi', 'Yuxuan', 'Jiayi', 'Hoi Yan', 'Wing', 'Emily', 'Grace'],
    boys: ['Wei', 'Hao', 'Junjie', 'Zihan', 'Ka Ho', 'Ming', 'Jason', 'Kevin'],
    women: ['Xiaoling', 'Hui', 'Yan', 'Lai-Ying', 'Jing', 'Winnie'],
    men: ['Jun', 'Kwok-Wai', 'Tao', 'Chi-Keung', 'Lei', 'Stephen'],
    surnames: ['Chen', 'Wang', 'Li', 'Zhang', 'Wong', 'Chan', 'Ng', 'Lam', 'Cheung', 'Liu'],
    languages: ['Cantonese', 'Mandarin'],
    ealRate: 0.6,
  },
  {
    key: 'turkish-kurdish',
    weight: 2,
    girls: ['Elif', 'Zeynep', 'Defne', 'Ecrin', 'Ayşe', 'Rojin', 'Berfin', 'Melek'],
    boys: ['Yusuf', 'Emir', 'Çağan', 'Mert', 'Kerem', 'Baran', 'Rojhat', 'Ömer'],
    women: ['Fatma', 'Gülşen', 'Hatice', 'Sevgi', 'Nurcan'],
    men: ['Mehmet', 'Hüseyin', 'Mustafa', 'İbrahim', 'Serkan'],
    surnames: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Öztürk', 'Çelik', 'Aydın', 'Doğan'],
    languages: ['Turkish', 'Kurdish'],
    ealRate: 0.7,
  },
  {
    key: 'portuguese',
    weight: 2,
    girls: ['Beatriz', 'Inês', 'Leonor', 'Mariana', 'Lara', 'Matilde', 'Sofia', 'Letícia'],
    boys: ['João', 'Tomás', 'Rodrigo', 'Gonçalo', 'Martim', 'Diogo', 'Lucas', 'Thiago'],
    women: ['Ana', 'Cláudia', 'Sónia', 'Patrícia', 'Fernanda'],
    men: ['José', 'Luís', 'Nuno', 'Sérgio', 'Rui'],
    surnames: ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Oliveira', 'Costa', 'Rodrigues', 'Gonçalves', 'Sousa', 'Fernandes'],
    languages: ['Portuguese'],
    ealRate: 0.7,
  },
  {
    key: 'arabic',
    weight: 2,
    girls: ['Layla', 'Rania', 'Yasmin', 'Salma', 'Mira', 'Nour', 'Jana', 'Lina'],
    boys: ['Omar', 'Karim', 'Ahmad', 'Tariq', 'Adam', 'Zaid', 'Majd', 'Hadi'],
    women: ['Rasha', 'Hiba', 'Dalia', 'Samar', 'Maha'],
    men: ['Khaled', 'Walid', 'Bassam', 'Fadi', 'Samir'],
    surnames: ['Al-Hassan', 'Haddad', 'Al-Sayed', 'Khalil', 'Mansour', 'Nasser', 'Al-Masri', 'Saleh', 'Darwish', 'Hamdan'],
    languages: ['Arabic', 'Kurdish'],
    ealRate: 0.8,
  },
  {
    key: 'ukrainian',
    weight: 1,
    girls: ['Sofiia', 'Anastasiia', 'Solomiia', 'Daryna', 'Yelyzaveta', 'Viktoriia'],
    boys: ['Maksym', 'Artem', 'Bohdan', 'Danylo', 'Oleksandr', 'Mykyta'],
    women: ['Olena', 'Iryna', 'Oksana', 'Tetiana', 'Nataliia'],
    men: ['Andrii', 'Serhii', 'Volodymyr', 'Yurii', 'Oleh'],
    surnames: ['Shevchenko', 'Kovalenko', 'Bondarenko', 'Tkachenko', 'Kravchenko', 'Melnyk', 'Boiko', 'Koval'],
    languages: ['Ukrainian', 'Russian'],
    ealRate: 0.9,
  },
  {
    key: 'european',
    weight: 2,
    girls: ['Chloé', 'Léa', 'Lucía', 'Giulia', 'Emma', 'Hannah', 'Ana', 'Jelena', 'Eszter', 'Marta'],
    boys: ['Jean-Luc', 'Mathéo', 'Hugo', 'Alejandro', 'Matteo', 'Luca', 'Lukas', 'Marko', 'Bence', 'Jonas'],
    surnames: ['García', 'Fernández', 'Sánchez', 'Rossi', 'Esposito', 'Lefèvre', 'Dubois', 'Müller', 'Schröder', 'Petrović', 'Jovanović', 'Nagy', 'Kovács'],
    languages: ['Spanish', 'Italian', 'French', 'German', 'Serbian', 'Hungarian'],
    ealRate: 0.5,
  },
];

/** Short forms a pupil may be known by: the preferred forename on the register. */
export const KNOWN_AS: Readonly<Record<string, readonly string[]>> = {
  Alexander: ['Alex', 'Xander'],
  Oluwatobi: ['Tobi'],
  Oluwaseun: ['Seun'],
  Temiloluwa: ['Temi'],
  Muhammad: ['Mo', 'Hamid'],
  Elizabeth: ['Beth'],
  Isabella: ['Bella', 'Izzy'],
  Matilda: ['Tilly'],
  Samuel: ['Sam'],
  Joshua: ['Josh'],
  Jakub: ['Kuba'],
  Yelyzaveta: ['Liza'],
  Anastasiia: ['Nastia'],
  Abigail: ['Abbie'],
  Christopher: ['Chris'],
  Chiamaka: ['Amaka'],
  Gabriela: ['Gabi'],
  William: ['Will'],
  Nathaniel: ['Nate'],
  Aleksandra: ['Ola'],
  Wojciech: ['Wojtek'],
};

/** Letters for e-mail addresses: accents and special letters folded to plain a-z. */
export function asciiFold(name: string): string {
  const special: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ø: 'o', Ø: 'O', ß: 'ss', ı: 'i', İ: 'I' };
  return name
    .replace(/[łŁđĐøØßıİ]/g, (c) => special[c])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
